/**
 * Reader for CoNLL-style NER files as they are found in the wild: CoNLL-2003
 * (`token POS chunk tag`), two-column tab files (WNUT17, BTC), space files
 * (wikigold), with or without `-DOCSTART-`, CRLF or a BOM. Only the first
 * column (token) and the last (tag) are used, so any middle columns are fine.
 */
import { errorMessage, InputError } from '../errors';
import { parseTag } from './chunks';

export interface ConllSentence {
  tokens: string[];
  tags: string[];
  /** 1-based line of the first token, so problems can be pointed at. */
  line: number;
}

/** Spaces and tabs only: other Unicode spaces (NBSP…) can be real tokens. */
const COLUMN_SEPARATOR = /[ \t]+/;
const STRICT_TAG = /^(O|[BIESUL]-\S+)$/;

function columnsOf(line: string): string[] {
  const trimmed = line.replace(/^[ \t]+|[ \t]+$/g, '');
  return trimmed === '' ? [] : trimmed.split(COLUMN_SEPARATOR);
}

/**
 * The column count of the file's token lines, taken from the first line that
 * is neither a `#` line nor `-DOCSTART-`; 2 when there is none.
 */
function tokenColumnCount(lines: readonly string[]): number {
  for (const line of lines) {
    const cols = columnsOf(line);
    if (cols.length > 0 && !cols[0].startsWith('#') && cols[0] !== '-DOCSTART-') return cols.length;
  }
  return 2;
}

/**
 * Tweets and wikigold contain the token `#` tagged `O` (`#\tO`, `# O`), which
 * looks like a comment. A line whose first column is `#` is therefore a token
 * when it has as many columns as the file's token lines and ends in an
 * unambiguous tag (`O` or a prefixed one); otherwise (`#`, `# id 3`,
 * `# text = …`, `# newdoc`) it is a comment. A line starting `#foo` with no
 * space is an ordinary token line, as in `#hashtag O`.
 */
function isComment(cols: readonly string[], tokenColumns: number): boolean {
  if (cols[0] !== '#') return false;
  return !(cols.length === tokenColumns && STRICT_TAG.test(cols[cols.length - 1]));
}

/**
 * Parses a CoNLL-style file into sentences. Blank lines and `-DOCSTART-`
 * lines end a sentence; comment lines (see `isComment`) are skipped.
 * `source` names the file in error messages.
 *
 * @example readConll('EU B-ORG\nrejects O\n\nPeter B-PER\n', 'a.conll')
 * // [{ tokens: ['EU', 'rejects'], tags: ['B-ORG', 'O'], line: 1 },
 * //  { tokens: ['Peter'], tags: ['B-PER'], line: 4 }]
 */
export function readConll(text: string, source: string): ConllSentence[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const tokenColumns = tokenColumnCount(lines);
  const sentences: ConllSentence[] = [];
  let current: ConllSentence | undefined;
  const endSentence = (): void => {
    if (current !== undefined) sentences.push(current);
    current = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const lineNo = i + 1;
    // trim() also empties lines of stray Unicode spaces, which are never tokens on their own.
    if (line.trim() === '') {
      endSentence();
      continue;
    }
    const cols = columnsOf(line);
    if (cols[0] === '-DOCSTART-') {
      endSentence();
      continue;
    }
    if (isComment(cols, tokenColumns)) continue;
    // An empty token (`\tO` in BTC): nothing to put in the text, so nothing to score.
    if (cols.length === 1 && /^[ \t]/.test(line) && STRICT_TAG.test(cols[0])) continue;
    if (cols.length < 2) {
      throw new InputError('conll-format', `${source}:${lineNo}: expected a token and a tag separated by spaces or a tab (e.g. "Paris B-LOC"), but found one column: ${JSON.stringify(line)}.`, { file: source });
    }
    const tag = cols[cols.length - 1];
    try {
      parseTag(tag);
    } catch (e) {
      throw new InputError('conll-format', `${source}:${lineNo}: ${errorMessage(e)}`, { file: source, cause: e });
    }
    current ??= { tokens: [], tags: [], line: lineNo };
    current.tokens.push(cols[0]);
    current.tags.push(tag);
  }
  endSentence();
  return sentences;
}

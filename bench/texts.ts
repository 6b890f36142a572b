/**
 * Benchmark texts: English prose from the Project Gutenberg books in the
 * shared data folder, read at run time (never copied into the repository),
 * cut to an exact token count for a given tokenizer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TextTokenizer } from '../src';

export const GUTENBERG_DIR = process.env.BERT_LENS_GUTENBERG ?? '/work/shared/data/text/gutenberg';
/** Prose with names and places: "The Croxley Master" by Arthur Conan Doyle. */
export const DEFAULT_BOOK = 'Doyle_Arthur_Conan__The_Croxley_Master_A_Great_Tale_Of_The_Prize_Ring.txt';

/**
 * The book between the `*** START OF` and `*** END OF` lines, as paragraphs
 * separated by a blank line, each paragraph's hard-wrapped lines joined.
 */
export function gutenbergBody(raw: string): string {
  const lines = raw.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('*** START OF'));
  const end = lines.findIndex((l) => l.startsWith('*** END OF'));
  if (start < 0 || end < 0 || end <= start) throw new Error('not a Project Gutenberg text: no "*** START OF" / "*** END OF" lines');
  const paragraphs: string[] = [];
  let cur: string[] = [];
  for (const line of lines.slice(start + 1, end)) {
    const t = line.trim();
    if (t === '') {
      if (cur.length > 0) paragraphs.push(cur.join(' '));
      cur = [];
    } else {
      cur.push(t);
    }
  }
  if (cur.length > 0) paragraphs.push(cur.join(' '));
  return paragraphs.join('\n\n');
}

/** The body of a Gutenberg book; `book` is a path or a file name in GUTENBERG_DIR. */
export function loadBook(book: string = DEFAULT_BOOK): string {
  const file = fs.existsSync(book) ? book : path.join(GUTENBERG_DIR, book);
  if (!fs.existsSync(file)) {
    throw new Error(`Benchmark text ${file} not found. Set BERT_LENS_GUTENBERG to a folder of Project Gutenberg .txt files, or pass --book PATH.`);
  }
  return gutenbergBody(fs.readFileSync(file, 'utf8'));
}

/** From the first paragraph of real prose (skips title pages, headings, tables of contents). */
export function proseStart(body: string, minParagraph = 300): number {
  let at = 0;
  for (const p of body.split('\n\n')) {
    if (p.length >= minParagraph) return at;
    at += p.length + 2;
  }
  return 0;
}

export interface CutText {
  text: string;
  /** Content-token ids (no special tokens) of `text`. */
  ids: Int32Array;
}

/**
 * A passage of `body` that `tokenizer` turns into exactly `contentTokens`
 * tokens (specials excluded). The passage starts and ends on word boundaries,
 * so that re-tokenizing the cut text gives the same pieces; the result is
 * checked by encoding it again.
 */
export async function textWithTokens(tokenizer: TextTokenizer, body: string, contentTokens: number): Promise<CutText> {
  if (!Number.isInteger(contentTokens) || contentTokens < 1) throw new Error(`contentTokens must be a positive integer, got ${contentTokens}`);
  const from = proseStart(body);
  // Generous: even character-level tokenizers give at most one token per character.
  const chunk = body.slice(from, from + Math.max(4096, 4 * contentTokens) + 2048);
  const enc = await tokenizer.encode(chunk);
  const n = enc.ids.length;
  const wordStart = (i: number) => i === 0 || enc.words[i] < 0 || enc.words[i] !== enc.words[i - 1];
  for (let s = 0; s + contentTokens <= n; s++) {
    if (!wordStart(s)) continue;
    const e = s + contentTokens; // exclusive
    if (e < n && !wordStart(e)) continue;
    const text = chunk.slice(enc.offsets[2 * s], enc.offsets[2 * (e - 1) + 1]);
    const again = await tokenizer.encode(text);
    const expected = enc.ids.subarray(s, e);
    if (again.ids.length === contentTokens && again.ids.every((id, i) => id === expected[i])) return { text, ids: again.ids };
  }
  throw new Error(`Could not cut a passage of exactly ${contentTokens} tokens from the benchmark text (it has ${n} tokens in the first ${chunk.length} characters).`);
}

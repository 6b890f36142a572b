/**
 * Entity chunks from a tag sequence, with the rules of CoNLL `conlleval` and
 * Python seqeval's default mode, so our scores can be compared with published
 * ones. Those rules are lenient on purpose: IO files (no B-) and sloppy IOB
 * (an I- right after O) still give sensible chunks instead of an error.
 */
import { InputError } from '../errors';

/** The four BIOES prefixes plus O; BILOU's U and L are folded into S and E. */
export type TagPrefix = 'B' | 'I' | 'E' | 'S' | 'O';

export interface ParsedTag {
  prefix: TagPrefix;
  /** Entity type, e.g. `PER`; empty for `O`. */
  type: string;
}

/** A run of tokens `[start, end)` forming one entity of `type`. */
export interface Chunk {
  type: string;
  start: number;
  /** Exclusive. */
  end: number;
}

const PREFIXED = /^([BIESUL])-(.*)$/;
const BILOU_TO_BIOES: Readonly<Record<string, TagPrefix>> = {
  B: 'B', I: 'I', E: 'E', S: 'S', U: 'S', L: 'E',
};
const OUTSIDE: ParsedTag = { prefix: 'O', type: '' };

/**
 * Splits a tag into prefix and type. A tag with no known prefix (`PER`, or
 * `X-PER`) is taken whole as the type of an inside tag, as IO files need.
 * Prefixes are case-sensitive: `b-PER` is the type `b-PER`, which then shows
 * up in reports rather than being silently guessed at.
 *
 * @example parseTag('U-LOC') // { prefix: 'S', type: 'LOC' }
 */
export function parseTag(tag: string): ParsedTag {
  if (tag === 'O') return OUTSIDE;
  if (tag === '' || /\s/.test(tag)) {
    throw new InputError('invalid-tag', `Invalid tag ${JSON.stringify(tag)}: a tag cannot be empty or contain whitespace. Expected O or B-/I-/E-/S-/U-/L- followed by a type, e.g. B-PER.`);
  }
  const m = PREFIXED.exec(tag);
  if (m === null) return { prefix: 'I', type: tag };
  if (m[2] === '') {
    throw new InputError('invalid-tag', `Invalid tag ${JSON.stringify(tag)}: the prefix has no entity type after it. Expected e.g. ${m[1]}-PER.`);
  }
  return { prefix: BILOU_TO_BIOES[m[1]], type: m[2] };
}

/** conlleval's endOfChunk: does the chunk open at `prev` stop before `cur`? */
function endsBefore(prev: ParsedTag, cur: ParsedTag): boolean {
  if (prev.prefix === 'O') return false;
  if (prev.prefix === 'E' || prev.prefix === 'S') return true;
  if (cur.prefix === 'B' || cur.prefix === 'S' || cur.prefix === 'O') return true;
  return prev.type !== cur.type;
}

/** conlleval's startOfChunk: does a new chunk begin at `cur`? */
function startsAt(prev: ParsedTag, cur: ParsedTag): boolean {
  if (cur.prefix === 'O') return false;
  if (cur.prefix === 'B' || cur.prefix === 'S') return true;
  // cur is I or E: it continues a chunk only if one of its type is still open.
  if (prev.prefix === 'O' || prev.prefix === 'E' || prev.prefix === 'S') return true;
  return prev.type !== cur.type;
}

/**
 * The entity chunks in one sentence's tags, in order.
 *
 * @example extractChunks(['B-PER', 'I-PER', 'O', 'I-LOC'])
 * // [{ type: 'PER', start: 0, end: 2 }, { type: 'LOC', start: 3, end: 4 }]
 */
export function extractChunks(tags: readonly string[]): Chunk[] {
  const chunks: Chunk[] = [];
  let open: { type: string; start: number } | undefined;
  let prev = OUTSIDE;
  for (let i = 0; i < tags.length; i++) {
    const cur = parseTag(tags[i]);
    if (open !== undefined && endsBefore(prev, cur)) {
      chunks.push({ type: open.type, start: open.start, end: i });
      open = undefined;
    }
    if (startsAt(prev, cur)) open = { type: cur.type, start: i };
    prev = cur;
  }
  if (open !== undefined) chunks.push({ type: open.type, start: open.start, end: tags.length });
  return chunks;
}

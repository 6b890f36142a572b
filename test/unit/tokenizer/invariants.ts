/**
 * Shared helpers for the tokenizer tests: fixture loading and one invariant
 * checker that every hostile-text, parity and property test runs.
 *
 * The checker knows the two tokenizer families of the fixtures:
 * - `wordpiece` (tiny-bert): BertNormalizer (clean text, CJK split, NFD +
 *   accent strip, lowercase) + BertPreTokenizer + WordPiece.
 * - `bytelevel` (tiny-roberta): GPT-2 byte-level BPE, trim_offsets on.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { TextTokenizer, type Encoded } from '../../../src/tokenizer/tokenizer';

/** dist/test/unit/tokenizer -> repo root is 4 levels up. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

export type TokenizerKind = 'wordpiece' | 'bytelevel';

export interface Fixture {
  name: string;
  kind: TokenizerKind;
  dir: string;
}

export const TINY_BERT: Fixture = { name: 'tiny-bert', kind: 'wordpiece', dir: path.join(FIXTURES, 'tiny-bert') };
export const TINY_ROBERTA: Fixture = { name: 'tiny-roberta', kind: 'bytelevel', dir: path.join(FIXTURES, 'tiny-roberta') };
export const FIXTURE_LIST: readonly Fixture[] = [TINY_BERT, TINY_ROBERTA];

const loaded = new Map<string, Promise<TextTokenizer>>();

/** Loads a tokenizer folder once per test process. */
export function loadTokenizer(dir: string): Promise<TextTokenizer> {
  let p = loaded.get(dir);
  if (!p) {
    p = TextTokenizer.load(dir);
    loaded.set(dir, p);
  }
  return p;
}

export interface Token {
  id: number;
  piece: string;
  start: number;
  end: number;
  word: number;
}

/** An encoding as plain arrays, for deepEqual with readable diffs. */
export function plain(e: Encoded) {
  return { ids: Array.from(e.ids), offsets: Array.from(e.offsets), words: Array.from(e.words), pieces: e.pieces };
}

export function tokensOf(enc: Encoded): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < enc.ids.length; i++) {
    out.push({ id: enc.ids[i], piece: enc.pieces[i], start: enc.offsets[2 * i], end: enc.offsets[2 * i + 1], word: enc.words[i] });
  }
  return out;
}

/** The special tokens of both fixtures; user text that spells one exactly is matched as that token. */
export const SPECIAL_PIECES: ReadonlySet<string> = new Set(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', '<s>', '<pad>', '</s>', '<unk>', '<mask>']);

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** True when UTF-16 index `i` falls between the two halves of a surrogate pair. */
export function insideSurrogatePair(text: string, i: number): boolean {
  return i > 0 && i < text.length && isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i));
}

// What BertNormalizer(clean_text) deletes: NUL, U+FFFD, and "other" characters
// (Cc except \t \n \r, Cf, Co, and lone surrogates, which reach Rust as U+FFFD).
// Measured: unassigned code points (Cn) are kept, so they are not listed here.
const BERT_DROPPED = /[\0\ufffd\p{Cf}\p{Co}\p{Cs}]|(?![\t\n\r])\p{Cc}/gu;
// What it turns into a space (and the pre-tokenizer then splits on).
const BERT_SPACE = /[\t\n\r\p{Zs}\u2028\u2029]/gu;
const COMBINING = /\p{Mn}/gu;

/**
 * The text BertNormalizer (lowercase + strip accents) makes of `s`, in the
 * order Hugging Face applies it: clean, NFD, drop Mn, lowercase.
 */
export function normaliseBert(s: string): string {
  return s.replace(BERT_DROPPED, '').replace(BERT_SPACE, ' ').normalize('NFD').replace(COMBINING, '').toLowerCase();
}

/** GPT-2's `bytes_to_unicode`: each byte gets a printable character. */
function byteLevelTable(): Map<string, number> {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const byChar = new Map<string, number>();
  for (const b of printable) byChar.set(String.fromCharCode(b), b);
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!printable.includes(b)) byChar.set(String.fromCharCode(256 + n++), b);
  }
  return byChar;
}
const BYTE_OF_CHAR = byteLevelTable();

/** The bytes a byte-level piece stands for; throws on a character outside GPT-2's table. */
export function byteLevelBytes(piece: string): number[] {
  const out: number[] = [];
  for (const ch of piece) {
    const b = BYTE_OF_CHAR.get(ch);
    if (b === undefined) throw new Error(`piece ${JSON.stringify(piece)} has ${JSON.stringify(ch)}, not in the byte-level table`);
    out.push(b);
  }
  return out;
}

function show(text: string): string {
  const j = JSON.stringify(text);
  return j.length > 160 ? `${j.slice(0, 160)}…(${text.length} code units)` : j;
}

/** A lazy description of token `i`, so passing checks never serialise a 1 MB text. */
function about(text: string, t: Token, i: number): () => string {
  return () => `token ${i} ${JSON.stringify(t.piece)} [${t.start},${t.end}) = ${JSON.stringify(text.slice(t.start, t.end))} (word ${t.word}) in ${show(text)}`;
}

function ensure(ok: boolean, problem: string, where: () => string): void {
  if (!ok) assert.fail(`${problem}: ${where()}`);
}

/** Characters the `wordpiece` fixture must cover: ones BertNormalizer never drops. */
const BERT_MUST_COVER = /[!-~\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u4e00-\u9fa5]/;

/**
 * Asserts everything that must hold of `enc = tok.encode(text)`:
 * shapes and ids; 0 <= start <= end <= text.length; starts and ends
 * non-decreasing; no offset between the halves of a surrogate pair; word
 * indices non-decreasing; no visible character left uncovered; plus the
 * family-specific text/piece agreement (see checkWordPiece, checkByteLevel).
 */
export function checkInvariants(kind: TokenizerKind, tok: TextTokenizer, text: string, enc: Encoded): Token[] {
  const n = enc.ids.length;
  assert.equal(enc.pieces.length, n, 'one piece per id');
  assert.equal(enc.offsets.length, 2 * n, 'two offsets per id');
  assert.equal(enc.words.length, n, 'one word index per id');
  const tokens = tokensOf(enc);
  let prev: Token | undefined;
  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    const where = about(text, t, i);
    ensure(t.id >= 0 && t.id < tok.vocabSize, 'id out of the vocabulary', where);
    ensure(tok.idToPiece(t.id) === t.piece, 'idToPiece disagrees with pieces', where);
    ensure(t.start >= 0 && t.start <= t.end && t.end <= text.length, 'offsets outside the text', where);
    ensure(!insideSurrogatePair(text, t.start), 'start splits a surrogate pair', where);
    ensure(!insideSurrogatePair(text, t.end), 'end splits a surrogate pair', where);
    ensure(t.word >= 0, 'no word index', where);
    if (prev) {
      ensure(t.start >= prev.start, 'starts go backwards', where);
      ensure(t.end >= prev.end, 'ends go backwards', where);
      ensure(t.word >= prev.word, 'word indices go backwards', where);
    }
    prev = t;
  }
  if (kind === 'wordpiece') checkWordPiece(tok, text, tokens);
  else checkByteLevel(text, tokens);
  return tokens;
}

function covered(text: string, tokens: Token[]): Uint8Array {
  const mark = new Uint8Array(text.length);
  for (const t of tokens) mark.fill(1, t.start, t.end);
  return mark;
}

/** A special token written out in the text, widened (like any token) over trailing characters the normaliser drops, e.g. "[SEP]\u0301". */
const isLiteralSpecial = (text: string, t: Token) =>
  SPECIAL_PIECES.has(t.piece) && text.startsWith(t.piece, t.start) && normaliseBert(text.slice(t.start + t.piece.length, t.end)) === '';

/**
 * WordPiece: a piece (less "##") is exactly the normalised text it covers;
 * pieces never overlap; a "##" piece continues the previous token's word;
 * tokens of one word have nothing but dropped characters between them.
 */
function checkWordPiece(tok: TextTokenizer, text: string, tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const where = about(text, t, i);
    if (i > 0) {
      const p = tokens[i - 1];
      ensure(t.start >= p.end, 'tokens overlap', where);
      if (t.piece.startsWith('##')) ensure(t.word === p.word, 'a ## piece starts a new word', where);
      if (t.word === p.word) ensure(normaliseBert(text.slice(p.end, t.start)) === '', `one word spans ${JSON.stringify(text.slice(p.end, t.start))}`, where);
    }
    if (isLiteralSpecial(text, t)) continue;
    ensure(t.start < t.end, 'empty span', where);
    if (t.id === tok.unkId) continue;
    const bare = t.piece.startsWith('##') ? t.piece.slice(2) : t.piece;
    const normalised = normaliseBert(text.slice(t.start, t.end));
    ensure(normalised === bare, `normalised text ${JSON.stringify(normalised)} differs from the piece`, where);
  }
  const mark = covered(text, tokens);
  for (let i = 0; i < text.length; i++) {
    if (!mark[i] && BERT_MUST_COVER.test(text[i])) assert.fail(`character ${JSON.stringify(text[i])} at ${i} is covered by no token in ${show(text)}`);
  }
}

/** Byte-level BPE: each word's pieces decode to its text's UTF-8 bytes; every non-space character is covered. */
function checkByteLevel(text: string, tokens: Token[]): void {
  // GPT-2's split pattern lets a space start a word or sit in a run of whitespace,
  // never follow a visible character inside a word: "xĠy" is two words.
  for (let k = 1; k < tokens.length; k++) {
    const p = tokens[k - 1];
    const t = tokens[k];
    const space = t.start - 1; // trim_offsets moved the start past the piece's "Ġ"
    if (!t.piece.startsWith('Ġ') || space < 1 || text[space] !== ' ' || p.end !== space) continue;
    const before = String.fromCodePoint(text.codePointAt(insideSurrogatePair(text, space - 1) ? space - 2 : space - 1) ?? 0x20);
    if (/\p{White_Space}/u.test(before)) continue;
    ensure(t.word > p.word, 'a space after a visible character does not start a new word', about(text, t, k));
  }
  let i = 0;
  while (i < tokens.length) {
    let j = i;
    while (j < tokens.length && tokens[j].word === tokens[i].word) j++;
    const group = tokens.slice(i, j);
    if (group.some((t) => isLiteralSpecial(text, t))) {
      ensure(group.length === 1, 'a special token shares its word with other tokens', about(text, group[0], i));
    } else {
      checkByteLevelWord(text, group, i);
    }
    i = j;
  }
  const mark = covered(text, tokens);
  for (let k = 0; k < text.length; k++) {
    if (!mark[k] && text[k] !== ' ') assert.fail(`character ${JSON.stringify(text[k])} at ${k} is covered by no token in ${show(text)}`);
  }
}

/**
 * The bytes of a word's pieces are the UTF-8 bytes of the text its offsets
 * cover, plus spaces that trim_offsets cut from the offsets but the pieces
 * keep ("Ġ"): those must be real spaces right before (or after) the span.
 */
function checkByteLevelWord(text: string, group: Token[], firstIndex: number): void {
  const bytes = Buffer.from(group.flatMap((t) => byteLevelBytes(t.piece)));
  let start = group[0].start;
  let end = group[0].end;
  for (const t of group) {
    start = Math.min(start, t.start);
    end = Math.max(end, t.end);
  }
  const inner = Buffer.from(text.slice(start, end), 'utf8');
  const spaces = (from: number, to: number) => bytes.subarray(from, to).every((b) => b === 0x20);
  // Try each split of the bytes into lead spaces + covered text + trail spaces.
  for (let lead = 0; lead + inner.length <= bytes.length && lead <= start; lead++) {
    if (!spaces(0, lead)) break;
    const trail = bytes.length - lead - inner.length;
    if (
      bytes.subarray(lead, lead + inner.length).equals(inner) &&
      spaces(lead + inner.length, bytes.length) &&
      text.slice(start - lead, start) === ' '.repeat(lead) &&
      text.slice(end, end + trail) === ' '.repeat(trail)
    ) {
      return;
    }
  }
  assert.fail(
    `pieces decode to ${JSON.stringify(bytes.toString('utf8'))}, not the covered text ${JSON.stringify(text.slice(start, end))} ` +
      `(give or take trimmed spaces next to it): ${about(text, group[0], firstIndex)()}`,
  );
}

/** Encodes and checks; returns the tokens. */
export async function encodeChecked(fixture: Fixture, text: string): Promise<{ tok: TextTokenizer; enc: Encoded; tokens: Token[] }> {
  const tok = await loadTokenizer(fixture.dir);
  const enc = await tok.encode(text);
  const tokens = checkInvariants(fixture.kind, tok, text, enc);
  return { tok, enc, tokens };
}

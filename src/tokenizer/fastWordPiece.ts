/**
 * A synchronous, in-process BERT WordPiece encoder for the common case.
 *
 * The native binding is exact but every `encode` is an async hop to libuv's
 * thread pool, 0.2-1.4 ms for 32-512 tokens right after a model run on
 * 2 cores: most of what `analyze()` adds on top of a 4-layer model's run
 * (bench/README.md). This encoder gives the same ids, UTF-16 offsets and word
 * indices in microseconds, but only where that sameness was checked:
 *
 * - the tokenizer is exactly BertNormalizer + BertPreTokenizer + WordPiece
 *   (what BERT, DistilBERT and ELECTRA exports use);
 * - every code unit of the text lies in `FAST_RANGES`, where the test
 *   `fastWordPiece.test.ts` compares it with the binding character by
 *   character (Unicode tables of V8 and of the Rust crates can differ
 *   elsewhere, e.g. on recently assigned characters);
 * - the text contains no added token (`[SEP]` typed in the text is matched by
 *   the binding before normalisation; we leave that to it).
 *
 * Anything else returns `undefined` and the caller uses the binding.
 */

/** Code-unit ranges the fast path handles: Latin, Greek, Cyrillic, punctuation, currency. All BMP. */
export const FAST_RANGES: readonly (readonly [number, number])[] = [
  [0x0000, 0x052f], // controls, Latin-1, Latin Extended-A/B, IPA, combining diacritics, Greek, Cyrillic
  [0x1e00, 0x1fff], // Latin Extended Additional (Vietnamese), Greek Extended
  [0x2000, 0x206f], // General Punctuation: typographic spaces, dashes, quotes, zero-width and bidi controls
  [0x20a0, 0x20c0], // currency symbols
];

/** The parts of a tokenizer.json / BertTokenizer config the fast path needs. */
export interface WordPieceSpec {
  vocab: ReadonlyMap<string, number>;
  unkToken: string;
  continuingPrefix: string;
  maxInputCharsPerWord: number;
  cleanText: boolean;
  stripAccents: boolean;
  lowercase: boolean;
  /** Contents of added tokens; a text containing one goes to the binding. */
  addedTokens: readonly string[];
}

export interface FastEncoding {
  ids: Int32Array;
  offsets: Int32Array;
  words: Int32Array;
}

const SPACE = 0;
const PUNCT = 1;
const WORD = 2;

/** What normalisation makes of one input code unit: its output characters and their pre-tokenizer class. */
interface CharRule {
  out: string;
  classes: Uint8Array;
}

const DROPPED: CharRule = { out: '', classes: new Uint8Array(0) };
const OTHER = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u;
const WHITE = /\p{White_Space}/u;
const PUNCTUATION = /\p{P}/u;
const NONSPACING_MARK = /\p{Mn}/gu;

/** Rust's `char::is_ascii_punctuation`: every printable ASCII character that is not a letter or digit. */
const isAsciiPunct = (c: number) => (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);

function isWhitespace(ch: string): boolean {
  return ch === '\t' || ch === '\n' || ch === '\r' || WHITE.test(ch);
}

function classify(ch: string): number {
  if (isWhitespace(ch)) return SPACE;
  const c = ch.charCodeAt(0);
  return isAsciiPunct(c) || PUNCTUATION.test(ch) ? PUNCT : WORD;
}

/** BertNormalizer on one character, in Hugging Face's order: clean, (CJK: none here), strip accents, lowercase. */
function ruleFor(c: number, spec: WordPieceSpec): CharRule {
  let s = String.fromCharCode(c);
  if (spec.cleanText) {
    if (c === 0 || (c !== 0x09 && c !== 0x0a && c !== 0x0d && OTHER.test(s))) return DROPPED;
    if (isWhitespace(s)) s = ' ';
  }
  // Per character is the same as on the whole string here: the only characters
  // NFD reorders are nonspacing marks, and stripping removes them all.
  if (spec.stripAccents) s = s.normalize('NFD').replace(NONSPACING_MARK, '');
  // Hugging Face lowercases character by character (no final-sigma context), as this does.
  if (spec.lowercase) s = s.toLowerCase();
  if (s.length === 0) return DROPPED;
  const classes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) classes[i] = classify(s[i]);
  return { out: s, classes };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class FastWordPiece {
  private readonly rules: (CharRule | undefined)[] = [];
  private readonly inRange: Uint8Array;
  private readonly added?: RegExp;
  private readonly unkId: number;
  private readonly maxPiece: number;

  private constructor(private readonly spec: WordPieceSpec, unkId: number) {
    this.unkId = unkId;
    const top = FAST_RANGES[FAST_RANGES.length - 1][1];
    this.inRange = new Uint8Array(top + 1);
    for (const [lo, hi] of FAST_RANGES) this.inRange.fill(1, lo, hi + 1);
    const added = spec.addedTokens.filter((t) => t.length > 0);
    // Case-insensitive: a `normalized` added token is matched after lowercasing.
    if (added.length > 0) this.added = new RegExp(added.map(escapeRegExp).join('|'), 'iu');
    let maxPiece = 0;
    for (const piece of spec.vocab.keys()) maxPiece = Math.max(maxPiece, piece.length);
    this.maxPiece = maxPiece;
  }

  /** Undefined when the vocabulary lacks the unknown token (the binding reports that case). */
  static create(spec: WordPieceSpec): FastWordPiece | undefined {
    const unkId = spec.vocab.get(spec.unkToken);
    return unkId === undefined ? undefined : new FastWordPiece(spec, unkId);
  }

  /** True when every code unit is in FAST_RANGES and no added token occurs. */
  handles(text: string): boolean {
    const inRange = this.inRange;
    const top = inRange.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= top || inRange[c] === 0) return false;
    }
    return !this.added?.test(text);
  }

  /**
   * Encodes `text` as the binding would (content tokens, UTF-16 offsets, word
   * indices), or returns `undefined` when `handles(text)` is false.
   */
  encode(text: string): FastEncoding | undefined {
    if (!this.handles(text)) return undefined;
    const out = new Builder();
    let word = '';
    let src: number[] = [];
    let wordIndex = 0;
    const flush = () => {
      if (word.length === 0) return;
      this.wordPiece(word, src, wordIndex++, out);
      word = '';
      src = [];
    };
    for (let i = 0; i < text.length; i++) {
      const rule = this.rule(text.charCodeAt(i));
      for (let k = 0; k < rule.out.length; k++) {
        const cls = rule.classes[k];
        if (cls === SPACE) {
          flush();
        } else if (cls === PUNCT) {
          flush();
          word = rule.out[k];
          src.push(i);
          flush();
        } else {
          word += rule.out[k];
          src.push(i);
        }
      }
    }
    flush();
    return out.finish();
  }

  private rule(c: number): CharRule {
    let r = this.rules[c];
    if (r === undefined) {
      r = ruleFor(c, this.spec);
      this.rules[c] = r;
    }
    return r;
  }

  /** Greedy longest-match-first, as Hugging Face's WordPiece; a word with an unmatched part is one unknown token. */
  private wordPiece(word: string, src: number[], wordIndex: number, out: Builder): void {
    const n = word.length;
    const wordStart = src[0];
    const wordEnd = src[n - 1] + 1;
    if (n > this.spec.maxInputCharsPerWord) {
      out.push(this.unkId, wordStart, wordEnd, wordIndex);
      return;
    }
    const { vocab, continuingPrefix } = this.spec;
    const mark = out.length;
    let start = 0;
    while (start < n) {
      const bound = start > 0 ? this.maxPiece - continuingPrefix.length : this.maxPiece;
      let end = Math.min(n, start + bound);
      let id: number | undefined;
      while (end > start) {
        const sub = start > 0 ? continuingPrefix + word.slice(start, end) : word.slice(start, end);
        id = vocab.get(sub);
        if (id !== undefined) break;
        end--;
      }
      if (id === undefined) {
        out.truncate(mark);
        out.push(this.unkId, wordStart, wordEnd, wordIndex);
        return;
      }
      out.push(id, src[start], src[end - 1] + 1, wordIndex);
      start = end;
    }
  }
}

/** Collects tokens; plain arrays, copied into typed arrays once at the end. */
class Builder {
  private readonly ids: number[] = [];
  private readonly offsets: number[] = [];
  private readonly words: number[] = [];

  get length(): number {
    return this.ids.length;
  }

  push(id: number, start: number, end: number, word: number): void {
    this.ids.push(id);
    this.offsets.push(start, end);
    this.words.push(word);
  }

  /** Drops the tokens pushed after the first `length` (a word that turned out to be unknown). */
  truncate(length: number): void {
    this.ids.length = length;
    this.offsets.length = 2 * length;
    this.words.length = length;
  }

  finish(): FastEncoding {
    return { ids: Int32Array.from(this.ids), offsets: Int32Array.from(this.offsets), words: Int32Array.from(this.words) };
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The fast-path spec of a parsed tokenizer.json, or `undefined` unless it is
 * exactly BertNormalizer + BertPreTokenizer + WordPiece.
 */
export function specFromTokenizerJson(json: unknown): WordPieceSpec | undefined {
  if (!isObject(json) || !isObject(json.normalizer) || !isObject(json.pre_tokenizer) || !isObject(json.model)) return undefined;
  const { normalizer: norm, pre_tokenizer: pre, model } = json;
  if (norm.type !== 'BertNormalizer' || pre.type !== 'BertPreTokenizer' || model.type !== 'WordPiece' || !isObject(model.vocab)) return undefined;
  const vocab = new Map<string, number>();
  for (const [piece, id] of Object.entries(model.vocab)) if (typeof id === 'number') vocab.set(piece, id);
  const lowercase = norm.lowercase !== false;
  const added = Array.isArray(json.added_tokens) ? json.added_tokens : [];
  return {
    vocab,
    unkToken: typeof model.unk_token === 'string' ? model.unk_token : '[UNK]',
    continuingPrefix: typeof model.continuing_subword_prefix === 'string' ? model.continuing_subword_prefix : '##',
    maxInputCharsPerWord: typeof model.max_input_chars_per_word === 'number' ? model.max_input_chars_per_word : 100,
    cleanText: norm.clean_text !== false,
    stripAccents: typeof norm.strip_accents === 'boolean' ? norm.strip_accents : lowercase,
    lowercase,
    addedTokens: added.filter(isObject).map((t) => t.content).filter((c): c is string => typeof c === 'string'),
  };
}

/**
 * Tokenization with exact UTF-16 offsets, on top of Hugging Face's native
 * `tokenizers` binding (bit-for-bit the tokenizer Python users run).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tk from 'tokenizers';
import { CancelledError, TokenizerError } from '../errors';
import { FastWordPiece, specFromTokenizerJson, WordPieceSpec } from './fastWordPiece';
import { absorbTrailingMarks, codePointToUtf16 } from './offsets';
import { canonicalMarkOrder, mapBack } from './markOrder';

/** The content tokens of a text (no special tokens). Offsets are UTF-16. */
export interface Encoded {
  ids: Int32Array;
  /** `[start0, end0, start1, end1, ...]` in UTF-16 code units. */
  offsets: Int32Array;
  /** Word index per token (pre-tokenizer split); -1 when the tokenizer gives none. */
  words: Int32Array;
  pieces: string[];
}

export interface TokenizerFiles {
  tokenizerJson?: string;
  vocabTxt?: string;
  vocabJson?: string;
  mergesTxt?: string;
  tokenizerConfig?: string;
}

/** Which tokenizer files a model folder has. */
export function findTokenizerFiles(dir: string): TokenizerFiles {
  const at = (name: string) => (fs.existsSync(path.join(dir, name)) ? path.join(dir, name) : undefined);
  return {
    tokenizerJson: at('tokenizer.json'),
    vocabTxt: at('vocab.txt'),
    vocabJson: at('vocab.json'),
    mergesTxt: at('merges.txt'),
    tokenizerConfig: at('tokenizer_config.json'),
  };
}

function readJsonObject(file: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    throw new Error('not a JSON object');
  } catch (e) {
    throw new TokenizerError('bad-tokenizer-config', `${file} is not a valid JSON object (${(e as Error).message}).`, { file, cause: e });
  }
}

function tokenName(v: unknown, fallback: string): string {
  if (typeof v === 'string') return v;
  // Newer configs store special tokens as AddedToken objects.
  if (typeof v === 'object' && v !== null && typeof (v as { content?: unknown }).content === 'string') {
    return (v as { content: string }).content;
  }
  return fallback;
}

export class TextTokenizer {
  /** Special token ids placed before/after each window's content tokens. */
  readonly prefixIds: number[];
  readonly suffixIds: number[];
  readonly prefixPieces: string[];
  readonly suffixPieces: string[];
  readonly vocabSize: number;
  readonly unkId: number | undefined;

  private constructor(
    private readonly tok: tk.Tokenizer,
    specials: { prefix: number[]; suffix: number[] },
    readonly source: string,
    private readonly fast: FastWordPiece | undefined,
  ) {
    this.prefixIds = specials.prefix;
    this.suffixIds = specials.suffix;
    this.prefixPieces = specials.prefix.map((id) => tok.idToToken(id) ?? String(id));
    this.suffixPieces = specials.suffix.map((id) => tok.idToToken(id) ?? String(id));
    this.vocabSize = tok.getVocabSize(true);
    this.unkId = ['[UNK]', '<unk>'].map((t) => tok.tokenToId(t)).find((id) => id !== null) ?? undefined;
  }

  /**
   * Loads the tokenizer of a model folder: `tokenizer.json`, else `vocab.txt`
   * (BERT WordPiece, options from `tokenizer_config.json`), else `vocab.json` +
   * `merges.txt` (byte-level BPE, RoBERTa).
   */
  static async load(dir: string): Promise<TextTokenizer> {
    const files = findTokenizerFiles(dir);
    const config = files.tokenizerConfig ? readJsonObject(files.tokenizerConfig) : {};
    let tok: tk.Tokenizer;
    let source: string;
    let fastSpec: WordPieceSpec | undefined;
    if (files.tokenizerJson) {
      source = files.tokenizerJson;
      try {
        tok = tk.Tokenizer.fromFile(files.tokenizerJson);
      } catch (e) {
        throw new TokenizerError('bad-tokenizer', `${files.tokenizerJson} could not be loaded: ${(e as Error).message}. Re-save it with tokenizer.save_pretrained().`, { file: files.tokenizerJson, cause: e });
      }
      // The binding parsed it already; this reads it again for the fast path's settings.
      fastSpec = specFromTokenizerJson(JSON.parse(fs.readFileSync(files.tokenizerJson, 'utf8')));
    } else if (files.vocabTxt) {
      source = files.vocabTxt;
      ({ tok, spec: fastSpec } = await wordPieceFromVocab(files.vocabTxt, config));
    } else if (files.vocabJson && files.mergesTxt) {
      source = files.vocabJson;
      tok = await byteLevelBpe(files.vocabJson, files.mergesTxt, config);
    } else {
      throw new TokenizerError(
        'missing-tokenizer',
        `No tokenizer in ${dir}: expected tokenizer.json, or vocab.txt (WordPiece), or vocab.json + merges.txt (BPE). Save the tokenizer next to the model with tokenizer.save_pretrained("${dir}").`,
        { file: dir },
      );
    }
    // A tokenizer.json may carry truncation/padding settings; windows are our job.
    tok.disableTruncation();
    tok.disablePadding();
    return new TextTokenizer(tok, await specialLayout(tok), source, fastSpec && FastWordPiece.create(fastSpec));
  }

  /**
   * Tokenizes `text` into content tokens with UTF-16 offsets: in process when
   * the fast WordPiece path covers the text, else with the binding. A long
   * text goes in chunks cut at spaces, yielding to the event loop between
   * them, so that a 5 MB selection neither blocks the editor nor outlasts a
   * cancel by more than one chunk (about 25 ms).
   */
  async encode(text: string, options: EncodeOptions = {}): Promise<Encoded> {
    const chunkSize = options.chunkSize ?? CHUNK_SIZE;
    if (text.length <= chunkSize || !this.splitsAtSpaces()) return this.encodeWhole(text);
    const parts: Encoded[] = [];
    const starts: number[] = [];
    for (let start = 0; start < text.length; ) {
      if (options.signal?.aborted) throw new CancelledError();
      const end = chunkEnd(text, start + chunkSize);
      parts.push(await this.encodeWhole(text.slice(start, end)));
      starts.push(start);
      start = end;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (options.signal?.aborted) throw new CancelledError();
    return joinChunks(parts, starts);
  }

  private encodeWhole(text: string): Promise<Encoded> {
    const f = this.fast?.encode(text);
    return f ? Promise.resolve(this.finish(text, f.ids, f.offsets, f.words)) : this.encodeNative(text);
  }

  /** False when an added token holds a space: a cut at a space could split it. */
  private splitsAtSpaces(): boolean {
    return !this.pieceTable().some((p) => p?.includes(' '));
  }

  /** True when `encode(text)` takes the in-process path (for tests and benchmarks). */
  encodesFast(text: string): boolean {
    return this.fast?.handles(text) ?? false;
  }

  /** Tokenizes with the Hugging Face binding, always (the reference the fast path is checked against). */
  async encodeNative(text: string): Promise<Encoded> {
    const own = await this.bindingEncode(text);
    const canonical = canonicalMarkOrder(text);
    if (canonical) {
      // Same ids means the normalizer reorders marks too; the NFD text's alignments are then the exact ones.
      const nfd = await this.bindingEncode(canonical.text);
      if (sameIds(own.ids, nfd.ids)) {
        mapBack(canonical, nfd.offsets, text.length);
        return this.finish(text, nfd.ids, nfd.offsets, nfd.words);
      }
    }
    return this.finish(text, own.ids, own.offsets, own.words);
  }

  /** The binding's tokens of `text`, with its code-point offsets turned into UTF-16 ones. */
  private async bindingEncode(text: string): Promise<{ ids: Int32Array; offsets: Int32Array; words: Int32Array }> {
    const e = await this.tok.encode(text, null, { addSpecialTokens: false });
    const ids = e.getIds();
    const cpOffsets = e.getOffsets();
    const words = e.getWordIds();
    const toUtf16 = codePointToUtf16(text);
    const n = ids.length;
    const offsets = new Int32Array(2 * n);
    const wordIds = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      offsets[2 * i] = toUtf16(cpOffsets[i][0]);
      offsets[2 * i + 1] = toUtf16(cpOffsets[i][1]);
      const w = words[i];
      wordIds[i] = w === null || w === undefined ? -1 : w;
    }
    return { ids: Int32Array.from(ids), offsets, words: wordIds };
  }

  /** What both paths share: pieces for the ids, offsets widened over trailing combining marks. */
  private finish(text: string, ids: Int32Array, offsets: Int32Array, words: Int32Array): Encoded {
    // Pieces from our id -> string table: cheaper than the binding's getTokens() strings.
    const table = this.pieceTable();
    const pieces = Array.from(ids, (id) => table[id] ?? this.idToPiece(id));
    absorbTrailingMarks(text, offsets);
    return { ids, offsets, words, pieces };
  }

  idToPiece(id: number): string {
    return this.tok.idToToken(id) ?? `<${id}>`;
  }

  private pieces?: string[];

  private pieceTable(): string[] {
    if (!this.pieces) {
      this.pieces = [];
      for (const [piece, id] of Object.entries(this.tok.getVocab(true))) this.pieces[id] = piece;
    }
    return this.pieces;
  }
}

export interface EncodeOptions {
  /** Checked between chunks; aborting throws `CancelledError`. */
  signal?: AbortSignal;
  /** Code units per chunk (tests set it small). */
  chunkSize?: number;
}

const CHUNK_SIZE = 65_536;
const ALNUM = /[A-Za-z0-9]/;

/**
 * Where a chunk that should end near `from` ends: before the first space
 * that has an ASCII letter or digit on both sides. No tokenizer joins
 * across such a space (WordPiece splits on it; byte-level BPE starts the
 * next word with it, "Ġword", as it does when the chunk begins with it),
 * and no combining mark or added token straddles it. The whole rest of
 * the text when there is none.
 */
function chunkEnd(text: string, from: number): number {
  for (let i = Math.max(1, from); i + 1 < text.length; i++) {
    if (text.charCodeAt(i) === 0x20 && ALNUM.test(text[i - 1]) && ALNUM.test(text[i + 1])) return i;
  }
  return text.length;
}

/** One `Encoded` of the whole text from those of its chunks (offsets and word indices shifted). */
function joinChunks(parts: Encoded[], starts: number[]): Encoded {
  const n = parts.reduce((a, p) => a + p.ids.length, 0);
  const out: Encoded = { ids: new Int32Array(n), offsets: new Int32Array(2 * n), words: new Int32Array(n), pieces: [] };
  let at = 0;
  let wordBase = 0;
  parts.forEach((p, k) => {
    out.ids.set(p.ids, at);
    let lastWord = -1;
    for (let i = 0; i < p.ids.length; i++) {
      out.offsets[2 * (at + i)] = p.offsets[2 * i] + starts[k];
      out.offsets[2 * (at + i) + 1] = p.offsets[2 * i + 1] + starts[k];
      const w = p.words[i];
      out.words[at + i] = w < 0 ? w : w + wordBase;
      lastWord = Math.max(lastWord, w);
    }
    for (const piece of p.pieces) out.pieces.push(piece);
    wordBase += lastWord + 1;
    at += p.ids.length;
  });
  return out;
}

const sameIds = (a: Int32Array, b: Int32Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Which special tokens the post-processor puts around a single sequence,
 * read off by encoding a probe text with and without them: works for BERT
 * (`[CLS] x [SEP]`), RoBERTa (`<s> x </s>`) and template processors alike.
 */
async function specialLayout(tok: tk.Tokenizer): Promise<{ prefix: number[]; suffix: number[] }> {
  const e = await tok.encode('a', null, { addSpecialTokens: true });
  const mask = e.getSpecialTokensMask();
  const ids = e.getIds();
  let first = mask.indexOf(0);
  if (first < 0) first = ids.length; // the probe produced no content token
  let last = mask.lastIndexOf(0);
  if (last < 0) last = first - 1;
  return { prefix: ids.slice(0, first), suffix: ids.slice(last + 1) };
}

async function wordPieceFromVocab(vocab: string, config: Record<string, unknown>): Promise<{ tok: tk.Tokenizer; spec: WordPieceSpec }> {
  const unk = tokenName(config.unk_token, '[UNK]');
  const cls = tokenName(config.cls_token, '[CLS]');
  const sep = tokenName(config.sep_token, '[SEP]');
  let model: tk.Model;
  try {
    model = await tk.WordPiece.fromFile(vocab, { unkToken: unk });
  } catch (e) {
    throw new TokenizerError('bad-tokenizer', `${vocab} could not be read as a WordPiece vocabulary: ${(e as Error).message}.`, { file: vocab, cause: e });
  }
  const tok = new tk.Tokenizer(model);
  // Hugging Face's BertTokenizer defaults: lowercase, accents stripped when lowercasing.
  const lowercase = config.do_lower_case !== false;
  const stripAccents = typeof config.strip_accents === 'boolean' ? config.strip_accents : lowercase;
  tok.setNormalizer(tk.bertNormalizer({ cleanText: true, handleChineseChars: config.tokenize_chinese_chars !== false, stripAccents, lowercase }));
  tok.setPreTokenizer(tk.bertPreTokenizer());
  tok.setDecoder(tk.wordPieceDecoder('##', true));
  const clsId = tok.tokenToId(cls);
  const sepId = tok.tokenToId(sep);
  if (clsId === null || sepId === null) {
    throw new TokenizerError('bad-tokenizer', `${vocab} does not contain the special tokens ${cls} and ${sep}.`, { file: vocab });
  }
  tok.setPostProcessor(tk.bertProcessing([sep, sepId], [cls, clsId]));
  const specials = [unk, cls, sep, tokenName(config.pad_token, '[PAD]'), tokenName(config.mask_token, '[MASK]')];
  tok.addSpecialTokens(specials);
  const spec: WordPieceSpec = {
    vocab: new Map(Object.entries(tok.getVocab(false))),
    unkToken: unk,
    continuingPrefix: '##',
    maxInputCharsPerWord: 100,
    cleanText: true,
    stripAccents,
    lowercase,
    addedTokens: specials,
  };
  return { tok, spec };
}

async function byteLevelBpe(vocab: string, merges: string, config: Record<string, unknown>): Promise<tk.Tokenizer> {
  const cls = tokenName(config.cls_token ?? config.bos_token, '<s>');
  const sep = tokenName(config.sep_token ?? config.eos_token, '</s>');
  let model: tk.Model;
  try {
    model = await tk.BPE.fromFile(vocab, merges, {});
  } catch (e) {
    throw new TokenizerError('bad-tokenizer', `${vocab} + ${merges} could not be read as a BPE tokenizer: ${(e as Error).message}.`, { file: vocab, cause: e });
  }
  const tok = new tk.Tokenizer(model);
  const addPrefixSpace = config.add_prefix_space === true;
  tok.setPreTokenizer(tk.byteLevelPreTokenizer(addPrefixSpace, true));
  const clsId = tok.tokenToId(cls);
  const sepId = tok.tokenToId(sep);
  if (clsId === null || sepId === null) {
    throw new TokenizerError('bad-tokenizer', `${vocab} does not contain the special tokens ${cls} and ${sep}.`, { file: vocab });
  }
  tok.setPostProcessor(tk.robertaProcessing([sep, sepId], [cls, clsId], true, addPrefixSpace));
  tok.addSpecialTokens([cls, sep, tokenName(config.pad_token, '<pad>'), tokenName(config.unk_token, '<unk>'), tokenName(config.mask_token, '<mask>')]);
  return tok;
}

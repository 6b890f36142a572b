import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { FAST_RANGES } from '../../../src/tokenizer/fastWordPiece';
import { TextTokenizer } from '../../../src/tokenizer/tokenizer';
import { gutenbergBooks, SHARED_DATA } from '../helpers';
import { variedSentences } from './hostile';
import { plain, TINY_BERT, TINY_ROBERTA, loadTokenizer } from './invariants';

/**
 * The in-process WordPiece path must give exactly what the Hugging Face
 * binding gives, or a label lands on the wrong characters. Checked here for
 * every code unit it accepts, under every BertNormalizer setting, with a
 * vocabulary rich enough to split words into several pieces.
 */
const SETTINGS = [
  { lowercase: true, strip_accents: null }, // uncased BERT: lowercase, strip accents
  { lowercase: false, strip_accents: null }, // cased BERT
  { lowercase: true, strip_accents: false },
  { lowercase: false, strip_accents: true },
] as const;

const RUNS = { seed: 7, numRuns: 400 } as const;

let tmp: string;
const tokenizers: { name: string; tok: TextTokenizer }[] = [];

/** Words the synthetic vocabulary is made of, cut into a head and `##` tails so words split into pieces. */
function vocabulary(): string[] {
  const words = new Set<string>();
  for (const s of variedSentences()) for (const w of s.split(/[\s\p{P}]+/u)) if (w) words.add(w);
  const out = new Set<string>(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
  for (const w of words) {
    for (const v of new Set([w, w.toLowerCase(), w.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase()])) {
      out.add(v);
      const cut = Math.ceil(v.length / 2);
      out.add(v.slice(0, cut));
      out.add(`##${v.slice(cut)}`);
      out.add(`##${v.slice(-2)}`);
    }
  }
  // Every character alone and as a continuation, except a few, so some words are [UNK].
  for (const [lo, hi] of FAST_RANGES) {
    for (let c = lo; c <= hi; c++) {
      const ch = String.fromCharCode(c);
      if ('qQ'.includes(ch)) continue;
      out.add(ch);
      out.add(`##${ch}`);
    }
  }
  // Halves of emoji would be lone surrogates, which tokenizer.json cannot hold.
  return [...out].filter((v) => !/[\ud800-\udfff]/.test(v));
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-lens-fast-'));
  const base = JSON.parse(fs.readFileSync(path.join(TINY_BERT.dir, 'tokenizer.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  const vocab = Object.fromEntries(vocabulary().map((v, i) => [v, i]));
  for (const s of SETTINGS) {
    const name = `lowercase=${s.lowercase},strip_accents=${s.strip_accents}`;
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir);
    const json = { ...base, normalizer: { ...base.normalizer, ...s }, model: { ...base.model, vocab } };
    fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(json));
    tokenizers.push({ name, tok: await TextTokenizer.load(dir) });
  }
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function assertSameAsNative(tok: TextTokenizer, text: string): Promise<void> {
  assert.ok(tok.encodesFast(text), `fast path refused ${JSON.stringify(text)}`);
  assert.deepEqual(plain(await tok.encode(text)), plain(await tok.encodeNative(text)), `encoding of ${JSON.stringify(text)}`);
}

test('the fast path encodes every code unit it accepts exactly like the binding, under every normalizer setting', async () => {
  for (const { name, tok } of tokenizers) {
    let checked = 0;
    for (const [lo, hi] of FAST_RANGES) {
      for (let c = lo; c <= hi; c++) {
        const ch = String.fromCharCode(c);
        // Alone, inside and between words, doubled, after a combining mark.
        await assertSameAsNative(tok, `${ch}Ab${ch}cd ${ch}${ch} e\u0301${ch}.`);
        checked++;
      }
    }
    assert.ok(checked >= 1900, `${name}: ${checked} code units`);
  }
});

const FAST_CHAR = fc
  .oneof(...FAST_RANGES.map(([lo, hi]) => fc.integer({ min: lo, max: hi })))
  .map((c) => String.fromCharCode(c));

/** Text the fast path takes: real words, spaces, punctuation, marks, controls and any accepted character. */
const fastText = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...'John Smith visited São Paulo, Zoë said: “naïve café” — 3.14 walking İstanbul ΑΘΗΝΑ Москва'.split(/(?= )/)) },
      { weight: 2, arbitrary: fc.constantFrom(' ', '  ', '\t', '\r\n', '\u00a0', '\u2003', '\u200b', '\u0000', '\u0301', '\u0308\u0301', '-', '...', "'s") },
      { weight: 3, arbitrary: fc.string({ unit: FAST_CHAR, maxLength: 8 }) },
      { weight: 1, arbitrary: fc.constantFrom('a'.repeat(100), 'b'.repeat(101), 'Supercalifragilisticexpialidocious', 'qqq', 'aqa') },
    ),
    { maxLength: 16 },
  )
  .map((parts) => parts.join(''));

test('the fast path agrees with the binding on thousands of random texts it accepts', async () => {
  for (const { tok } of tokenizers) {
    await fc.assert(fc.asyncProperty(fastText, (text) => assertSameAsNative(tok, text)), RUNS);
  }
});

test('the fast path agrees with the binding on 200 varied sentences and on all of them as one text', async () => {
  for (const { tok } of tokenizers) {
    const accepted = variedSentences().filter((s) => tok.encodesFast(s));
    assert.ok(accepted.length >= 100, `${accepted.length} sentences accepted`);
    for (const s of accepted) await assertSameAsNative(tok, s);
    await assertSameAsNative(tok, accepted.join(' '));
  }
});

test('text with an added token or a character outside the checked ranges goes to the binding, with the same result', async () => {
  const { tok } = tokenizers[0];
  for (const text of ['x[SEP]y', 'a [cls] b', 'Tokyo 東京', 'emoji 😀', 'lone \ud800', 'bom\ufeff', 'ﬁ ligature', '\ufffd']) {
    assert.equal(tok.encodesFast(text), false, JSON.stringify(text));
    assert.deepEqual(plain(await tok.encode(text)), plain(await tok.encodeNative(text)), JSON.stringify(text));
  }
  assert.equal(tok.encodesFast(''), true);
  assert.equal((await tok.encode('')).ids.length, 0);
});

test('a vocab.txt folder gets the fast path too; a byte-level BPE tokenizer never does', async () => {
  const dir = path.join(tmp, 'vocab-txt');
  fs.mkdirSync(dir);
  for (const f of ['vocab.txt', 'tokenizer_config.json']) fs.copyFileSync(path.join(TINY_BERT.dir, f), path.join(dir, f));
  const legacy = await TextTokenizer.load(dir);
  const text = 'Café au lait, NAÏVE résumé — e\u0301 and 42!';
  assert.equal(legacy.encodesFast(text), true);
  assert.deepEqual(plain(await legacy.encode(text)), plain(await legacy.encodeNative(text)));
  const roberta = await loadTokenizer(TINY_ROBERTA.dir);
  assert.equal(roberta.encodesFast('hello world'), false);
});

test('the fast path agrees with the binding on a whole public-domain book', async (t) => {
  const book = gutenbergBooks()[0];
  if (!book) return t.skip(`no Gutenberg text under ${SHARED_DATA}`);
  const paragraphs = fs.readFileSync(book, 'utf8').split(/\r?\n\r?\n/);
  for (const { tok } of tokenizers) {
    const accepted = paragraphs.filter((p) => tok.encodesFast(p));
    assert.ok(accepted.length >= 0.95 * paragraphs.length, `${accepted.length} of ${paragraphs.length} paragraphs accepted`);
    // As one text: offsets deep into a long document must agree too.
    await assertSameAsNative(tok, accepted.join('\n\n'));
  }
});

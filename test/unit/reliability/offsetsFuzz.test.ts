/**
 * Offsets survive the whole pipeline: random Unicode through real `analyze()`
 * (tokenizer -> stride windows -> ONNX model -> aggregation) with the tiny
 * fixture model, checked token by token and span by span.
 *
 * The token checks are the tokenizer suite's `checkInvariants`, run on the
 * tokens `analyze()` returns (not on a fresh `encode`), so a bug anywhere
 * between tokenizer and result shows up here.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { analyze, AnalyzeOptions } from '../../../src/analyze';
import { BertModel } from '../../../src/model/model';
import { AGGREGATION_STRATEGIES, AnalysisResult } from '../../../src/protocol';
import { type Encoded } from '../../../src/tokenizer/tokenizer';
import { anyText, HOSTILE_FRAGMENTS, hostileText } from '../tokenizer/hostile';
import { checkInvariants, insideSurrogatePair } from '../tokenizer/invariants';
import { fixture } from '../helpers';

/** Short windows (14 content tokens, overlap 4) so that most texts span several windows. */
const WINDOWS: AnalyzeOptions = { maxLength: 16, stride: 4 };
/** Fixed seeds: a failure reproduces, and fast-check prints the shrunk counterexample. */
const SEED = 20240501;
const SHORT_RUNS = 1200;
const LONG_RUNS = 60;

// ---------------------------------------------------------------------------
// Generators beyond ../tokenizer/hostile.ts: one per kind of trouble.

const codePointIn = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCodePoint(c));

/** A code point from any of the 17 planes, drawn plane first so that planes 1, 2 and 14 are as likely as 4-13. */
const anyPlane = fc
  .integer({ min: 0, max: 16 })
  .chain((plane) => fc.integer({ min: plane * 0x10000, max: plane * 0x10000 + 0xffff }))
  .map((c) => (c >= 0xd800 && c <= 0xdfff ? c + 0x800 : c)) // surrogates have their own generator
  .map((c) => String.fromCodePoint(c));

/** Lone high, lone low, a proper pair, and a reversed pair (low then high). */
const surrogates = fc.oneof(
  codePointIn(0xd800, 0xdbff),
  codePointIn(0xdc00, 0xdfff),
  fc.tuple(codePointIn(0xd800, 0xdbff), codePointIn(0xdc00, 0xdfff)).map(([h, l]) => h + l),
  fc.tuple(codePointIn(0xdc00, 0xdfff), codePointIn(0xd800, 0xdbff)).map(([l, h]) => l + h),
);

/** Combining marks of several blocks, one astral (U+1D165). */
const MARKS = ['\u0301', '\u0300', '\u0308', '\u0323', '\u036f', '\u0483', '\u05b4', '\u0651', '\u093c', '\u20dd', '\ufe20', '\u{1d165}', '\u{e0100}'];
const combining = fc
  .tuple(fc.constantFrom('', 'a', 'E', 'o', 'ß', 'ı', '中', 'ש', '😀', ' ', '\n'), fc.array(fc.constantFrom(...MARKS), { minLength: 1, maxLength: 6 }))
  .map(([base, marks]) => base + marks.join(''));

/** Emoji joined by ZWJ, with skin tones and variation selectors, flags and keycaps. */
const EMOJI = ['👩', '👨', '👧', '👦', '❤', '🔥', '🏳', '🌈', '💋', '🧑', '🦰', '⚕', '🐈', '⬛'];
const zwj = fc.oneof(
  fc
    .array(fc.tuple(fc.constantFrom(...EMOJI), fc.constantFrom('', '\ufe0f', '\u{1f3fb}', '\u{1f3ff}')), { minLength: 2, maxLength: 5 })
    .map((parts) => parts.map(([e, m]) => e + m).join('\u200d')),
  fc.constantFrom('🇫🇷', '🇩🇪🇯🇵', '#\ufe0f\u20e3', '1\u20e3', '\u200d', '\u200d\u200d', '🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}'),
);

/** Right-to-left words, numbers inside them, and bidi controls. */
const rtl = fc
  .array(fc.constantFrom('שלום', 'עולם', 'ירושלים', 'مرحبا', 'القاهرة', 'دبي', 'ܫܠܡܐ', '123', '٣٤٥', '\u200f', '\u200e', '\u202b', '\u202e', '\u202c', '\u2067', '\u2069', ' ', '،', '.'), { minLength: 1, maxLength: 8 })
  .map((p) => p.join(''));

/** Every way to break a line. */
const lineBreaks = fc.constantFrom('\r\n', '\r', '\n', '\n\r', '\r\r\n', '\u2028', '\u2029', '\u0085', '\u000b', '\u000c');

/** C0 and C1 controls, NUL and DEL included. */
const controls = fc.oneof(codePointIn(0x00, 0x1f), codePointIn(0x7f, 0x9f), fc.constant('\u0000'));

/** Plain words, so that texts also have ordinary tokens (and entities) around the trouble. */
const words = fc.constantFrom('John', 'Smith', 'visited', 'Paris', 'London', 'Google', 'café', 'the', 'in', 'and', ' ', ' ', ', ', '. ');

/** Mixes of every kind above, plus hostile.ts's fragments and fast-check's own code points. */
const mixedText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: words },
      { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_FRAGMENTS) },
      { weight: 2, arbitrary: anyPlane },
      { weight: 2, arbitrary: surrogates },
      { weight: 2, arbitrary: combining },
      { weight: 2, arbitrary: zwj },
      { weight: 2, arbitrary: rtl },
      { weight: 2, arbitrary: lineBreaks },
      { weight: 2, arbitrary: controls },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

/** About 3,000 characters of minified JavaScript: no spaces, lots of punctuation, identifiers of all lengths. */
function minifiedJs(length: number): string {
  const bits = ['function(a,b){return a+b}', 'var x=document.getElementById("app");', 'if(!x||x.length<2)throw new Error("bad");', 'for(let i=0;i<n;i++){s+=t[i]*0x1f}', 'const veryLongIdentifierNameThatGoesOnAndOn=(e)=>e.map(f=>f.id);', '"\\u00e9\\ud83d\\ude00"', '/[a-z]+/gi.test(q)', 'a.b.c.d.e.f.g'];
  let s = '';
  for (let i = 0; s.length < length; i++) s += bits[(i * 5) % bits.length];
  return s.slice(0, length);
}

/** A long unbroken run, alone or between short texts: one word of thousands of code units, or thousands of pieces. */
const longRun: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      fc.constant('a'.repeat(2000)),
      fc.constant(minifiedJs(3000)),
      fc.tuple(fc.oneof(fc.constantFrom('x', '中', '😀', 'é', '\u0301', '.', ' ', '\r\n', '\u0000'), anyPlane), fc.integer({ min: 200, max: 2500 })).map(([c, n]) => c.repeat(n)),
      fc.tuple(fc.constantFrom('ab ', 'Paris ', '😀x', 'a\u0301', 'שלום '), fc.integer({ min: 100, max: 800 })).map(([c, n]) => c.repeat(n)),
    ),
    fc.oneof(fc.constant(''), mixedText),
    fc.oneof(fc.constant(''), mixedText),
  )
  .map(([run, before, after]) => before + run + after);

// ---------------------------------------------------------------------------
// The checks.

function encodedOf(r: AnalysisResult): Encoded {
  const n = r.tokens.length;
  const enc: Encoded = { ids: new Int32Array(n), offsets: new Int32Array(2 * n), words: new Int32Array(n), pieces: [] };
  r.tokens.forEach((t, i) => {
    enc.ids[i] = t.id;
    enc.offsets[2 * i] = t.start;
    enc.offsets[2 * i + 1] = t.end;
    enc.words[i] = t.word;
    enc.pieces.push(t.piece);
  });
  return enc;
}

const where = (text: string) => (JSON.stringify(text).length > 200 ? `${JSON.stringify(text).slice(0, 200)}… (${text.length} code units)` : JSON.stringify(text));

/** Everything that must hold of `r = analyze(model, text, …)`. */
function checkResult(model: BertModel, text: string, r: AnalysisResult): void {
  assert.equal(r.textLength, text.length);
  // Tokens: in the text, ordered, not overlapping, never inside a surrogate pair, and
  // each one's text normalised as BertNormalizer does equals its piece.
  checkInvariants('wordpiece', model.tokenizer, text, encodedOf(r));
  r.tokens.forEach((t, i) => assert.equal(t.index, i, `token ${i} has index ${t.index}`));

  const n = r.tokens.length;
  let prevEnd = 0;
  r.spans.forEach((s, k) => {
    const what = () => `span ${k} ${s.label} [${s.start},${s.end}) tokens [${s.tokenStart},${s.tokenEnd}) in ${where(text)}`;
    assert.ok(s.start >= 0 && s.start <= s.end && s.end <= text.length, `outside the text: ${what()}`);
    assert.equal(s.text, text.slice(s.start, s.end), `text is not the slice: ${what()}`);
    assert.ok(s.start >= prevEnd, `overlaps or precedes the previous span: ${what()}`);
    assert.ok(!insideSurrogatePair(text, s.start) && !insideSurrogatePair(text, s.end), `splits a surrogate pair: ${what()}`);
    assert.ok(s.tokenStart >= 0 && s.tokenStart < s.tokenEnd && s.tokenEnd <= n, `bad token range: ${what()}`);
    assert.equal(s.start, r.tokens[s.tokenStart].start, `start is not its first token's: ${what()}`);
    assert.equal(s.end, r.tokens[s.tokenEnd - 1].end, `end is not its last token's: ${what()}`);
    assert.ok(k === 0 || s.tokenStart >= r.spans[k - 1].tokenEnd, `shares tokens with the previous span: ${what()}`);
    assert.ok(s.score >= 0 && s.score <= 1 + 1e-6, `score ${s.score}: ${what()}`);
    prevEnd = s.end;
  });
}

let model: BertModel;
let cases = 0;
let analyses = 0;
let longest = 0;
const started = performance.now();

before(async () => {
  model = await BertModel.load(fixture('tiny-bert'), { providers: ['cpu'] });
});
after(async () => {
  await model.dispose();
  const s = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`offsetsFuzz: ${cases} texts, ${analyses} analyses (all five strategies each), longest ${longest} code units, ${s} s`);
});

/** Analyses `text` with every strategy; tokens must not depend on the strategy. */
async function checkAllStrategies(text: string): Promise<void> {
  cases++;
  longest = Math.max(longest, text.length);
  let first: AnalysisResult | undefined;
  for (const aggregation of AGGREGATION_STRATEGIES) {
    const r = await analyze(model, text, { ...WINDOWS, aggregation });
    analyses++;
    checkResult(model, text, r);
    if (!first) first = r;
    else assert.deepEqual(r.tokens, first.tokens, `tokens differ between strategies ${first.aggregation} and ${aggregation}`);
  }
}

test('analyze keeps token and span offsets exact on mixed hostile Unicode, with every aggregation strategy', async () => {
  await fc.assert(fc.asyncProperty(mixedText, checkAllStrategies), { seed: SEED, numRuns: SHORT_RUNS });
});

test("analyze keeps offsets exact on the tokenizer suite's arbitrary and hostile strings", async () => {
  await fc.assert(fc.asyncProperty(fc.oneof(anyText, hostileText), checkAllStrategies), { seed: SEED + 1, numRuns: SHORT_RUNS / 2 });
});

test('analyze keeps offsets exact around long unbroken runs spread over many windows', async () => {
  await fc.assert(
    fc.asyncProperty(longRun, async (text) => {
      await checkAllStrategies(text);
    }),
    { seed: SEED + 2, numRuns: LONG_RUNS },
  );
});

test('analyze spreads a long text over overlapping windows (the fuzz exercises stride)', async () => {
  const r = await analyze(model, minifiedJs(3000), WINDOWS);
  assert.ok(r.windows.length > 100, `only ${r.windows.length} windows`);
  for (let w = 1; w < r.windows.length; w++) assert.ok(r.windows[w].tokenStart < r.windows[w - 1].tokenEnd, `windows ${w - 1} and ${w} do not overlap`);
});

for (const [name, text] of [
  ['an empty string', ''],
  ['a single space', ' '],
  ['whitespace of every kind', ' \t\n\r\n\u000b\u000c\u00a0\u2028\u2029\u3000\u2003   '],
  ['only characters the normaliser drops (NUL, ZWSP, BOM, lone surrogate)', '\u0000\u200b\ufeff\ud800\u0001'],
] as const) {
  test(`analyze returns no tokens, spans or windows for ${name}, with every option on`, async () => {
    for (const aggregation of AGGREGATION_STRATEGIES) {
      const r = await analyze(model, text, { ...WINDOWS, aggregation, attention: true, rollout: true, positions: true, hiddenStates: true });
      assert.equal(r.textLength, text.length);
      assert.deepEqual(r.tokens, []);
      assert.deepEqual(r.spans, []);
      assert.deepEqual(r.windows, []);
      assert.deepEqual(r.attention ?? [], []);
      assert.equal(r.probs?.length ?? 0, 0);
      assert.deepEqual(r.positions?.tokens ?? [], []);
    }
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { codePointToUtf16, hasAstral } from '../../../src/tokenizer/offsets';

/** The reference: the UTF-16 length of the first `cp` code points, as Array.from counts them. */
function reference(text: string, cp: number): number {
  return Array.from(text).slice(0, Math.max(0, cp)).join('').length;
}

function mapAll(text: string): number[] {
  const f = codePointToUtf16(text);
  const out: number[] = [];
  for (let cp = 0; cp <= Array.from(text).length; cp++) out.push(f(cp));
  return out;
}

test('hasAstral is false for BMP-only text, including CJK, RTL and combining marks', () => {
  assert.equal(hasAstral(''), false);
  assert.equal(hasAstral('hello world'), false);
  assert.equal(hasAstral('中国人 שלום مرحبا cafe\u0301 \u200b\ufeff'), false);
});

test('hasAstral is true for text with an emoji', () => {
  assert.equal(hasAstral('a 😀 b'), true);
  assert.equal(hasAstral('😀'), true);
});

test('codePointToUtf16 is the identity on BMP-only text', () => {
  const text = 'Café 中国 שלום\r\n';
  assert.deepEqual(mapAll(text), Array.from({ length: text.length + 1 }, (_, i) => i));
});

test('codePointToUtf16 shifts every index after an emoji by one', () => {
  // a, space, 😀 (2 units), space, h e l l o
  assert.deepEqual(mapAll('a 😀 hello'), [0, 1, 2, 4, 5, 6, 7, 8, 9, 10]);
});

test('codePointToUtf16 accumulates the shift over several emoji', () => {
  const text = '😀a😀😀b👩‍👩‍👧';
  assert.deepEqual(mapAll(text), Array.from({ length: Array.from(text).length + 1 }, (_, cp) => reference(text, cp)));
  const f = codePointToUtf16(text);
  assert.equal(f(1), 2); // after the first emoji
  assert.equal(f(5), 8); // 'b' is code point 4, code units [7,8)
});

test('codePointToUtf16 counts a lone high surrogate as one code point', () => {
  const text = 'a\ud800b😀c';
  assert.deepEqual(mapAll(text), [0, 1, 2, 3, 5, 6]);
});

test('codePointToUtf16 counts a lone low surrogate as one code point', () => {
  const text = 'a\udc00b😀c';
  assert.deepEqual(mapAll(text), [0, 1, 2, 3, 5, 6]);
});

test('codePointToUtf16 counts a reversed pair (low then high) as two code points', () => {
  const text = '\udc00\ud800😀';
  assert.deepEqual(mapAll(text), [0, 1, 2, 4]);
});

test('codePointToUtf16 counts a high surrogate at the very end as one code point', () => {
  const text = '😀x\ud83d';
  assert.deepEqual(mapAll(text), [0, 2, 3, 4]);
});

test('codePointToUtf16 maps the end-of-text index to text.length', () => {
  for (const text of ['', 'abc', '😀', 'a😀', '😀\ud800', 'x👩‍👩‍👧']) {
    const f = codePointToUtf16(text);
    assert.equal(f(Array.from(text).length), text.length, JSON.stringify(text));
  }
});

test('codePointToUtf16 clamps indices beyond either end of a text with emoji', () => {
  const text = 'a😀b';
  const f = codePointToUtf16(text);
  assert.equal(f(4), text.length);
  assert.equal(f(1000), text.length);
  assert.equal(f(-1), 0);
});

test('codePointToUtf16 clamps indices beyond either end of a BMP-only text too', () => {
  const f = codePointToUtf16('abc');
  assert.equal(f(10), 3);
  assert.equal(f(-1), 0);
});

test('hasAstral is false for a lone high surrogate, which is no surrogate pair', () => {
  assert.equal(hasAstral('\ud800'), false);
  assert.equal(hasAstral('a\ud800b'), false);
});

test('codePointToUtf16 agrees with Array.from on arbitrary strings, lone surrogates included', () => {
  const loneOrAny = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.array(fc.oneof(fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), fc.constantFrom('a', '😀', '中', '\u0301')), { maxLength: 30 }).map((a) => a.join('')),
  );
  fc.assert(
    fc.property(loneOrAny, (text) => {
      const f = codePointToUtf16(text);
      const n = Array.from(text).length;
      for (let cp = 0; cp <= n; cp++) assert.equal(f(cp), reference(text, cp));
    }),
    { seed: 42, numRuns: 300 },
  );
});

/**
 * Offset conversion. The `tokenizers` binding reports offsets in Unicode code
 * points; editors and JavaScript strings count UTF-16 code units. Every
 * character outside the Basic Multilingual Plane (emoji, many CJK extension
 * characters) shifts later offsets by one.
 */

function isPairAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
}

/** True when the string contains a surrogate pair (so code points != code units). */
export function hasAstral(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isPairAt(text, i)) return true;
  return false;
}

/**
 * A function mapping a code-point index of `text` to its UTF-16 index,
 * clamped to `[0, text.length]`. A lone surrogate counts as one code point,
 * as in `Array.from(text)` (the binding receives it as U+FFFD).
 */
export function codePointToUtf16(text: string): (cp: number) => number {
  if (!hasAstral(text)) return (cp) => (cp < 0 ? 0 : cp > text.length ? text.length : cp);
  const table: number[] = [];
  let i = 0;
  while (i < text.length) {
    table.push(i);
    i += isPairAt(text, i) ? 2 : 1;
  }
  table.push(text.length);
  const last = table.length - 1;
  return (cp) => table[cp < 0 ? 0 : cp > last ? last : cp];
}

const MARK = /\p{M}/u;

/**
 * Extends each token's end over the combining marks that follow it and that
 * no token covers. Accent stripping (lowercasing BERT vocabularies) removes
 * marks together with their offsets, so in NFD text "cafe\u0301" the token
 * "cafe" would end before the accent and an editor highlight would cut the
 * accent off the word. Works in place on `[s0, e0, s1, e1, ...]`.
 */
export function absorbTrailingMarks(text: string, offsets: Int32Array): void {
  const n = offsets.length / 2;
  for (let i = 0; i < n; i++) {
    // Pieces of one character (byte-level BPE) share a range: the next start may precede this end.
    const limit = i + 1 < n ? offsets[2 * i + 2] : text.length;
    let end = offsets[2 * i + 1];
    while (end < limit) {
      const cp = text.codePointAt(end) as number;
      const size = cp > 0xffff ? 2 : 1;
      if (end + size > limit || !MARK.test(String.fromCodePoint(cp))) break;
      end += size;
    }
    offsets[2 * i + 1] = end;
  }
}

/**
 * Offset conversion. The `tokenizers` binding reports offsets in Unicode code
 * points; editors and JavaScript strings count UTF-16 code units. Every
 * character outside the Basic Multilingual Plane (emoji, many CJK extension
 * characters) shifts later offsets by one.
 */

/** True when the string contains a surrogate pair (so code points != code units). */
export function hasAstral(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) return true;
  }
  return false;
}

/**
 * A function mapping a code-point index of `text` to its UTF-16 index.
 * Identity (no table) for texts without astral characters. A lone surrogate
 * counts as one code point, as in `Array.from(text)`.
 */
export function codePointToUtf16(text: string): (cp: number) => number {
  if (!hasAstral(text)) return (cp) => cp;
  const table: number[] = [];
  let i = 0;
  while (i < text.length) {
    table.push(i);
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    i += pair ? 2 : 1;
  }
  table.push(text.length);
  const last = table.length - 1;
  return (cp) => table[cp < 0 ? 0 : cp > last ? last : cp];
}

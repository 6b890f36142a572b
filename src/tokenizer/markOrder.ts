/**
 * Canonical reordering of combining marks, done before the `tokenizers`
 * binding sees the text.
 *
 * Unicode NFD sorts a run of combining marks by combining class: "x\u{1d165}\u0651"
 * (classes 216, 33) becomes "x\u0651\u{1d165}". The binding's normalizer
 * (BertNormalizer's NFD) does this, but its alignments then point at the
 * wrong mark: measured with tokenizers 0.23, the [UNK] for U+1D165 in
 * "\u{1d165}\u0651" is reported at the shadda. Feeding it text that is
 * already NFD makes its NFD a no-op and its alignments exact; `origin`
 * maps them back to the text the user selected.
 */

const MARK_PAIR = /\p{M}\p{M}/u;

export interface CanonicalText {
  /** The NFD text given to the tokenizer. */
  text: string;
  /** For each UTF-16 unit of `text`, the UTF-16 index of the original character it came from. */
  origin: Int32Array;
  /** For each UTF-16 unit of `text`, where that original character ends. */
  originEnd: Int32Array;
}

/** Whether NFD puts mark `b` before mark `a` (both single, fully decomposed code points). */
const sortsBefore = (b: string, a: string) => (a + b).normalize('NFD') === b + a && a !== b;

function swap<T>(a: T[], k: number): void {
  const t = a[k];
  a[k] = a[k - 1];
  a[k - 1] = t;
}

/**
 * The NFD form of `text` with a map back to its characters, or `undefined`
 * when NFD would not reorder any marks (the common case; the binding's own
 * alignments are right then).
 */
export function canonicalMarkOrder(text: string): CanonicalText | undefined {
  if (!MARK_PAIR.test(text)) return undefined;
  // One entry per code point of the per-character decomposition.
  const cps: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let reordered = false;
  let runStart = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) as number;
    const size = cp > 0xffff ? 2 : 1;
    for (const part of String.fromCodePoint(cp).normalize('NFD')) {
      cps.push(part);
      from.push(i);
      to.push(i + size);
      if (!/\p{M}/u.test(part)) {
        runStart = cps.length;
        continue;
      }
      // Insertion sort within the current run of marks: stable, as NFD is.
      for (let k = cps.length - 1; k > runStart && sortsBefore(cps[k], cps[k - 1]); k--) {
        swap(cps, k);
        swap(from, k);
        swap(to, k);
        reordered = true;
      }
    }
    i += size;
  }
  if (!reordered) return undefined;
  const nfd = cps.join('');
  // Hangul and other compositions outside this model: keep the binding's alignments.
  if (nfd !== text.normalize('NFD')) return undefined;
  const origin = new Int32Array(nfd.length);
  const originEnd = new Int32Array(nfd.length);
  let u = 0;
  cps.forEach((c, k) => {
    for (let j = 0; j < c.length; j++, u++) {
      origin[u] = from[k];
      originEnd[u] = to[k];
    }
  });
  return { text: nfd, origin, originEnd };
}

/**
 * Maps `[s0, e0, s1, e1, ...]` offsets in `c.text` back to the original text
 * in place: each token covers the original characters its units came from.
 */
export function mapBack(c: CanonicalText, offsets: Int32Array, originalLength: number): void {
  for (let i = 0; i < offsets.length; i += 2) {
    const s = offsets[i];
    const e = offsets[i + 1];
    if (e <= s) {
      const at = s < c.origin.length ? c.origin[s] : originalLength;
      offsets[i] = offsets[i + 1] = at;
      continue;
    }
    let lo = originalLength;
    let hi = 0;
    for (let u = s; u < e; u++) {
      lo = Math.min(lo, c.origin[u]);
      hi = Math.max(hi, c.originEnd[u]);
    }
    offsets[i] = lo;
    offsets[i + 1] = hi;
  }
}

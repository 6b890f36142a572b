/**
 * Splitting a long token sequence into overlapping model windows, and
 * deciding which window each token's prediction comes from.
 */
import { InputError } from '../errors';

export interface WindowPlan {
  /** Content-token range `[tokenStart, tokenEnd)`. */
  tokenStart: number;
  tokenEnd: number;
}

/**
 * The overlap used when the caller gives none: 128 tokens (the Hugging Face
 * question-answering pipeline's `doc_stride`), less for short windows so that
 * consecutive windows still advance by at least half a window.
 */
export function defaultStride(contentLength: number): number {
  return Math.max(0, Math.min(128, Math.floor(contentLength / 2) - 1));
}

/**
 * Windows of at most `contentLength` tokens covering `[0, n)`, consecutive
 * ones overlapping by `stride` tokens. The last window is aligned to the end
 * so that it is full: every window has the same length (batchable), and the
 * tail gets as much context as the rest.
 *
 * @example planWindows(10, 4, 1) // [0,4) [3,7) [6,10)
 */
export function planWindows(n: number, contentLength: number, stride: number): WindowPlan[] {
  if (!Number.isInteger(contentLength) || contentLength < 1) {
    throw new InputError('bad-window', `The window must hold at least one token besides the special tokens (got ${contentLength}).`);
  }
  if (!Number.isInteger(stride) || stride < 0 || stride >= contentLength) {
    throw new InputError('bad-stride', `Invalid stride ${stride}: it is the overlap between windows in tokens and must be an integer from 0 to ${contentLength - 1} (the window holds ${contentLength} tokens).`);
  }
  if (n === 0) return [];
  if (n <= contentLength) return [{ tokenStart: 0, tokenEnd: n }];
  const step = contentLength - stride;
  const plans: WindowPlan[] = [];
  for (let s = 0; ; s += step) {
    if (s + contentLength >= n) {
      plans.push({ tokenStart: n - contentLength, tokenEnd: n });
      break;
    }
    plans.push({ tokenStart: s, tokenEnd: s + contentLength });
  }
  return plans;
}

/**
 * For each token, the window where it has the most context on its poorer
 * side (`min(tokens before, tokens after)` inside the window); ties go to the
 * earlier window. Returns the owning window index per token.
 */
export function assignOwners(plans: readonly WindowPlan[], n: number): Int32Array {
  const owner = new Int32Array(n).fill(-1);
  const best = new Int32Array(n).fill(-1);
  plans.forEach((w, wi) => {
    for (let i = w.tokenStart; i < w.tokenEnd; i++) {
      const context = Math.min(i - w.tokenStart, w.tokenEnd - 1 - i);
      if (context > best[i]) {
        best[i] = context;
        owner[i] = wi;
      }
    }
  });
  return owner;
}

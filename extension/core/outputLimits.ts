/**
 * What a large selection gets: attention for as many windows as fit in
 * memory, and the per-token position analysis only below a size. Without
 * these limits a 5 MB selection would ask for tens of gigabytes.
 */
import type { AnalysisResult } from '../../src/protocol';

/**
 * Attention is kept for the first windows only, within this many bytes: one
 * 512-token window of bert-base holds 151 MB of it (12 layers x 12 heads x
 * 512^2 floats), and a 5 MB selection has thousands of windows.
 */
export const ATTENTION_BYTES = 600e6;
/** Above this many characters the per-token position analysis (hidden-size floats per token) is skipped. */
export const POSITION_CHARACTERS = 400_000;

export function outputLimits(config: { layers: number; heads: number }, maxLength: number, characters: number): { attentionWindows: number[]; positions: boolean } {
  const perWindow = config.layers * config.heads * maxLength ** 2 * 4;
  const windows = Math.max(1, Math.floor(ATTENTION_BYTES / perWindow));
  return { attentionWindows: Array.from({ length: windows }, (_, i) => i), positions: characters <= POSITION_CHARACTERS };
}

export function limitNotes(r: AnalysisResult, attention: boolean, positionsSkipped: boolean): string[] {
  const notes: string[] = [];
  const kept = r.attention?.length ?? 0;
  if (attention && kept > 0 && kept < r.windows.length) {
    notes.push(`Attention is kept for the first ${kept} of ${r.windows.length} windows (memory); select a smaller range to see attention elsewhere.`);
  }
  if (positionsSkipped) {
    notes.push(`The position-embedding analysis is skipped above ${POSITION_CHARACTERS.toLocaleString('en')} characters; select a smaller range to see it.`);
  }
  return notes;
}

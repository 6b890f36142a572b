/**
 * Keeps analysed ranges on the right characters while the document changes:
 * an edit before a range shifts it, an edit after leaves it, an edit that
 * touches its inside drops it (its label no longer describes that text).
 * Pure (document offsets in UTF-16 code units), so it is tested without VS Code.
 */

/** A half-open range of document offsets. */
export interface OffsetRange {
  start: number;
  end: number;
}

/** One replacement, in offsets of the document before the edit event. */
export interface TextChange {
  offset: number;
  /** Length of the replaced text. */
  length: number;
  /** Length of the inserted text. */
  insertedLength: number;
}

/**
 * Applies the changes of one edit event (all in pre-edit offsets, not
 * overlapping, as VS Code reports them) to `ranges`; returns the surviving
 * ranges with their new offsets, and the indexes of those kept.
 */
export function shiftRanges<T extends OffsetRange>(ranges: readonly T[], changes: readonly TextChange[]): { ranges: T[]; kept: number[] } {
  const ordered = [...changes].sort((a, b) => a.offset - b.offset);
  const out: T[] = [];
  const kept: number[] = [];
  ranges.forEach((r, i) => {
    let delta = 0;
    for (const c of ordered) {
      const end = c.offset + c.length;
      if (end <= r.start) {
        // Entirely before (an insertion at the start also pushes the range along).
        delta += c.insertedLength - c.length;
      } else if (c.offset >= r.end) {
        // Entirely after (an insertion at the end stays outside).
        break;
      } else {
        return; // touches the inside: dropped
      }
    }
    out.push({ ...r, start: r.start + delta, end: r.end + delta });
    kept.push(i);
  });
  return { ranges: out, kept };
}

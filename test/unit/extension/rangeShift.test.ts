import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { shiftRanges, TextChange } from '../../../extension/core/rangeShift';

const apply = (text: string, changes: (TextChange & { text: string })[]) =>
  [...changes].sort((a, b) => b.offset - a.offset).reduce((t, c) => t.slice(0, c.offset) + c.text + t.slice(c.offset + c.length), text);

test('shiftRanges moves ranges after an edit, keeps ranges before it, drops ranges it touches', () => {
  const text = 'Angela Merkel visited Seattle.';
  const ranges = [
    { start: 0, end: 13, label: 'PER' },
    { start: 22, end: 29, label: 'LOC' },
  ];
  // "visited" -> "flew to"
  const change = { offset: 14, length: 7, insertedLength: 7 };
  assert.deepEqual(shiftRanges(ranges, [change]).ranges, ranges);
  // Insert "Chancellor " at the start: both move by 11.
  const moved = shiftRanges(ranges, [{ offset: 0, length: 0, insertedLength: 11 }]);
  assert.deepEqual(moved.ranges.map((r) => [r.start, r.end]), [[11, 24], [33, 40]]);
  // Typing inside "Merkel" drops PER only.
  const typed = shiftRanges(ranges, [{ offset: 9, length: 0, insertedLength: 1 }]);
  assert.deepEqual(typed.ranges.map((r) => r.label), ['LOC']);
  assert.deepEqual(typed.kept, [1]);
  // Appending right after "Seattle" keeps it as is.
  assert.deepEqual(shiftRanges(ranges, [{ offset: 29, length: 0, insertedLength: 3 }]).ranges, ranges);
  assert.equal(text.slice(22, 29), 'Seattle');
});

test('several changes in one event (multi-cursor) all count, in pre-edit offsets', () => {
  const r = [{ start: 10, end: 15 }];
  const out = shiftRanges(r, [
    { offset: 20, length: 0, insertedLength: 4 },
    { offset: 2, length: 3, insertedLength: 0 },
    { offset: 0, length: 0, insertedLength: 1 },
  ]);
  assert.deepEqual(out.ranges, [{ start: 8, end: 13 }]);
});

test('every range that survives still covers the same text after random edits (property)', () => {
  const word = fc.stringMatching(/^[A-Za-z😀é\r\n ]{1,6}$/);
  fc.assert(
    fc.property(fc.array(word, { minLength: 3, maxLength: 12 }), fc.array(fc.tuple(fc.nat(), fc.nat(4), word), { maxLength: 4 }), (words, edits) => {
      const text = words.join(' ');
      // Ranges: each word.
      const ranges: { start: number; end: number }[] = [];
      let at = 0;
      for (const w of words) {
        ranges.push({ start: at, end: at + w.length });
        at += w.length + 1;
      }
      // Non-overlapping edits in pre-edit offsets.
      const changes: (TextChange & { text: string })[] = [];
      let floor = 0;
      for (const [o, len, ins] of [...edits].sort((a, b) => a[0] - b[0])) {
        const offset = floor + (o % Math.max(1, text.length - floor + 1));
        if (offset > text.length) break;
        const length = Math.min(len, text.length - offset);
        changes.push({ offset, length, insertedLength: ins.length, text: ins });
        floor = offset + length + 1;
        if (floor > text.length) break;
      }
      const after = apply(text, changes);
      const { ranges: out, kept } = shiftRanges(ranges, changes);
      out.forEach((r, i) => assert.equal(after.slice(r.start, r.end), text.slice(ranges[kept[i]].start, ranges[kept[i]].end)));
      // A range no change touched is never dropped.
      ranges.forEach((r, i) => {
        const touched = changes.some((c) => c.offset < r.end && c.offset + c.length > r.start);
        if (!touched) assert.ok(kept.includes(i));
      });
    }),
    { numRuns: 500, seed: 7 },
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classificationReport, formatReport, ReportRow } from '../../../src/eval/metrics';
import { InputError } from '../../../src/errors';

const TOLERANCE = 1e-12;

function assertRow(actual: ReportRow, expected: ReportRow): void {
  assert.equal(actual.label, expected.label);
  assert.equal(actual.support, expected.support, `support of ${expected.label}`);
  for (const key of ['precision', 'recall', 'f1'] as const) {
    assert.ok(Math.abs(actual[key] - expected[key]) < TOLERANCE, `${expected.label} ${key}: ${actual[key]} != ${expected[key]}`);
  }
}

/*
 * Hand-computed case. Chunks (type start-end):
 *   s1 gold PER 0-2, LOC 3-4        pred PER 0-2 (hit), LOC 3-5 (wrong end)
 *   s2 gold PER 0-1, ORG 2-4        pred PER 0-1 (hit), MISC 1-2 (only in pred), ORG 2-4 (hit)
 *   s3 gold LOC 0-1                 pred LOC 0-1 (hit)
 * Per type (tp / pred / gold):
 *   LOC  1/2/2 -> P 1/2, R 1/2, F1 2*1/(2+2) = 0.5, support 2
 *   MISC 0/1/0 -> P 0,   R 0 (0/0), F1 0,           support 0
 *   ORG  1/1/1 -> 1, 1, 1, support 1
 *   PER  2/2/2 -> 1, 1, 1, support 2
 * micro: tp 4, pred 6, gold 5 -> P 4/6 = 2/3, R 4/5, F1 2*4/(6+5) = 8/11
 * macro: P = R = F1 = (0.5 + 0 + 1 + 1) / 4 = 0.625
 * weighted (supports 2,0,1,2; total 5): P = R = F1 = (0.5*2 + 0*0 + 1*1 + 1*2) / 5 = 0.8
 */
const GOLD = [
  ['B-PER', 'I-PER', 'O', 'B-LOC', 'O'],
  ['B-PER', 'O', 'B-ORG', 'I-ORG'],
  ['B-LOC', 'O'],
];
const PRED = [
  ['B-PER', 'I-PER', 'O', 'B-LOC', 'I-LOC'],
  ['B-PER', 'B-MISC', 'B-ORG', 'I-ORG'],
  ['B-LOC', 'O'],
];

test('classificationReport matches hand-computed per-type scores, with a type only in predictions', () => {
  const r = classificationReport(GOLD, PRED);
  assert.deepEqual(r.rows.map((x) => x.label), ['LOC', 'MISC', 'ORG', 'PER']);
  assertRow(r.rows[0], { label: 'LOC', precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
  assertRow(r.rows[1], { label: 'MISC', precision: 0, recall: 0, f1: 0, support: 0 });
  assertRow(r.rows[2], { label: 'ORG', precision: 1, recall: 1, f1: 1, support: 1 });
  assertRow(r.rows[3], { label: 'PER', precision: 1, recall: 1, f1: 1, support: 2 });
});

test('classificationReport matches hand-computed micro, macro and weighted averages', () => {
  const r = classificationReport(GOLD, PRED);
  assertRow(r.micro, { label: 'micro avg', precision: 2 / 3, recall: 0.8, f1: 8 / 11, support: 5 });
  assertRow(r.macro, { label: 'macro avg', precision: 0.625, recall: 0.625, f1: 0.625, support: 5 });
  assertRow(r.weighted, { label: 'weighted avg', precision: 0.8, recall: 0.8, f1: 0.8, support: 5 });
});

test('classificationReport gives 1.0 everywhere for a perfect prediction', () => {
  const r = classificationReport(GOLD, GOLD);
  for (const row of [...r.rows, r.micro, r.macro, r.weighted]) {
    assert.deepEqual([row.precision, row.recall, row.f1], [1, 1, 1], row.label);
  }
});

test('classificationReport gives 0 and no division error when nothing is predicted', () => {
  const r = classificationReport(GOLD, GOLD.map((s) => s.map(() => 'O')));
  for (const row of [...r.rows, r.micro, r.macro, r.weighted]) {
    assert.deepEqual([row.precision, row.recall, row.f1], [0, 0, 0], row.label);
  }
  assert.equal(r.micro.support, 5);
});

test('classificationReport scores entities, not tokens: a partial span earns nothing', () => {
  // One gold PER 0-3; predicted PER 0-2 overlaps it but is not an exact match.
  const r = classificationReport([['B-PER', 'I-PER', 'I-PER']], [['B-PER', 'I-PER', 'O']]);
  assertRow(r.micro, { label: 'micro avg', precision: 0, recall: 0, f1: 0, support: 1 });
});

test('classificationReport compares IO gold with BIO predictions by chunk', () => {
  // IO "I-PER I-PER O I-LOC" and BIO "B-PER I-PER O B-LOC" have the same chunks.
  const r = classificationReport([['I-PER', 'I-PER', 'O', 'I-LOC']], [['B-PER', 'I-PER', 'O', 'B-LOC']]);
  assertRow(r.micro, { label: 'micro avg', precision: 1, recall: 1, f1: 1, support: 2 });
});

test('classificationReport returns empty rows and zeros when there are no entities at all', () => {
  const r = classificationReport([['O']], [['O']]);
  assert.deepEqual(r.rows, []);
  assertRow(r.macro, { label: 'macro avg', precision: 0, recall: 0, f1: 0, support: 0 });
  assertRow(r.weighted, { label: 'weighted avg', precision: 0, recall: 0, f1: 0, support: 0 });
});

test('classificationReport rejects different sentence counts', () => {
  assert.throws(
    () => classificationReport([['O'], ['O']], [['O']]),
    (e: unknown) => e instanceof InputError && e.code === 'length-mismatch' && /2 sentences.*1/.test(e.message),
  );
});

test('classificationReport names the sentence whose lengths differ', () => {
  assert.throws(
    () => classificationReport([['O'], ['O', 'B-PER']], [['O'], ['O']]),
    (e: unknown) => e instanceof InputError && /Sentence 2 has 2 gold tags but 1 predicted/.test(e.message),
  );
});

test('formatReport lays out a fixed-width table with averages after a blank line', () => {
  const expected = [
    'label        precision    recall  f1-score   support',
    'LOC             0.5000    0.5000    0.5000         2',
    'MISC            0.0000    0.0000    0.0000         0',
    'ORG             1.0000    1.0000    1.0000         1',
    'PER             1.0000    1.0000    1.0000         2',
    '',
    'micro avg       0.6667    0.8000    0.7273         5',
    'macro avg       0.6250    0.6250    0.6250         5',
    'weighted avg    0.8000    0.8000    0.8000         5',
  ].join('\n');
  assert.equal(formatReport(classificationReport(GOLD, PRED)), expected);
});

test('formatReport rounds to the requested digits', () => {
  const lines = formatReport(classificationReport(GOLD, PRED), 2).split('\n');
  assert.equal(lines[6], 'micro avg         0.67      0.80      0.73         5');
});

/**
 * Entity-level scores as Python `seqeval.metrics.classification_report`
 * computes them in its default (conlleval) mode: a predicted entity counts
 * only if type, start and end all match a gold one. Token-level accuracy would
 * flatter a model, because most tokens are O.
 */
import { errorMessage, InputError } from '../errors';
import { Chunk, extractChunks } from './chunks';

export interface ReportRow {
  /** Entity type, or `micro avg` / `macro avg` / `weighted avg`. */
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Number of gold entities. */
  support: number;
}

export interface ClassificationReport {
  /** One row per entity type seen in gold or predictions, sorted by name. */
  rows: ReportRow[];
  /** Scores from the pooled counts of all types. */
  micro: ReportRow;
  /** Unweighted mean over `rows`, so rare types count as much as common ones. */
  macro: ReportRow;
  /** Mean over `rows` weighted by support. */
  weighted: ReportRow;
}

interface Counts {
  truePositives: number;
  predicted: number;
  gold: number;
}

/** seqeval and sklearn report 0 where a denominator is 0; so do we. */
function ratio(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

function rowFrom(label: string, c: Counts): ReportRow {
  return {
    label,
    precision: ratio(c.truePositives, c.predicted),
    recall: ratio(c.truePositives, c.gold),
    // Equal to 2PR/(P+R), without the rounding of computing P and R first.
    f1: ratio(2 * c.truePositives, c.predicted + c.gold),
    support: c.gold,
  };
}

function chunksOf(tags: readonly string[], which: string, sentence: number): Chunk[] {
  try {
    return extractChunks(tags);
  } catch (e) {
    throw new InputError('invalid-tag', `Sentence ${sentence} of the ${which}: ${errorMessage(e)}`, { cause: e });
  }
}

function averageRow(label: string, rows: readonly ReportRow[], weights: readonly number[], support: number): ReportRow {
  const total = weights.reduce((a, b) => a + b, 0);
  const mean = (pick: (r: ReportRow) => number): number =>
    ratio(rows.reduce((sum, r, i) => sum + pick(r) * weights[i], 0), total);
  return { label, precision: mean((r) => r.precision), recall: mean((r) => r.recall), f1: mean((r) => r.f1), support };
}

/**
 * Per-type and averaged entity scores for tagged sentences. `gold[i]` and
 * `pred[i]` must tag the same tokens.
 *
 * @example
 * classificationReport([['B-PER', 'I-PER', 'O']], [['B-PER', 'O', 'O']])
 * // rows: [{ label: 'PER', precision: 0, recall: 0, f1: 0, support: 1 }], …
 */
export function classificationReport(
  gold: readonly (readonly string[])[],
  pred: readonly (readonly string[])[],
): ClassificationReport {
  if (gold.length !== pred.length) {
    throw new InputError('length-mismatch', `Gold has ${gold.length} sentences but predictions have ${pred.length}; both must list the same sentences in the same order.`);
  }
  const counts = new Map<string, Counts>();
  const countsFor = (type: string): Counts => {
    let c = counts.get(type);
    if (c === undefined) counts.set(type, (c = { truePositives: 0, predicted: 0, gold: 0 }));
    return c;
  };

  for (let s = 0; s < gold.length; s++) {
    if (gold[s].length !== pred[s].length) {
      throw new InputError('length-mismatch', `Sentence ${s + 1} has ${gold[s].length} gold tags but ${pred[s].length} predicted tags; each sentence needs one predicted tag per gold token.`);
    }
    const goldKeys = new Set<string>();
    for (const c of chunksOf(gold[s], 'gold', s + 1)) {
      countsFor(c.type).gold++;
      goldKeys.add(`${c.type}\u0000${c.start}\u0000${c.end}`);
    }
    for (const c of chunksOf(pred[s], 'predictions', s + 1)) {
      const t = countsFor(c.type);
      t.predicted++;
      if (goldKeys.has(`${c.type}\u0000${c.start}\u0000${c.end}`)) t.truePositives++;
    }
  }

  // Plain code-unit order, as Python's sorted() gives, so rows match seqeval's.
  const types = [...counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rows = types.map((t) => rowFrom(t, countsFor(t)));
  const pooled: Counts = { truePositives: 0, predicted: 0, gold: 0 };
  for (const c of counts.values()) {
    pooled.truePositives += c.truePositives;
    pooled.predicted += c.predicted;
    pooled.gold += c.gold;
  }
  return {
    rows,
    micro: rowFrom('micro avg', pooled),
    macro: averageRow('macro avg', rows, rows.map(() => 1), pooled.gold),
    weighted: averageRow('weighted avg', rows, rows.map((r) => r.support), pooled.gold),
  };
}

const NUMBER_WIDTH = 9;

/**
 * The report as a fixed-width table in seqeval's layout: labels left, numbers
 * right-aligned, averages after a blank line. No trailing newline.
 */
export function formatReport(r: ClassificationReport, digits = 4): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new InputError('invalid-option', `Invalid digits ${digits}: must be a whole number from 0 to 20.`);
  }
  const averages = [r.micro, r.macro, r.weighted];
  const labelWidth = Math.max('label'.length, ...[...r.rows, ...averages].map((x) => x.label.length));
  const numberWidth = Math.max(NUMBER_WIDTH, digits + 3);
  const line = (label: string, cells: readonly string[]): string =>
    [label.padEnd(labelWidth), ...cells.map((c) => c.padStart(numberWidth))].join(' ');
  const row = (x: ReportRow): string =>
    line(x.label, [x.precision, x.recall, x.f1].map((v) => v.toFixed(digits)).concat(String(x.support)));
  return [
    line('label', ['precision', 'recall', 'f1-score', 'support']),
    ...r.rows.map(row),
    '',
    ...averages.map(row),
  ].join('\n');
}

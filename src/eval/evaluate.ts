/**
 * Scores a model on a CoNLL file: each sentence's tokens are joined by single
 * spaces, analysed, and each CoNLL token takes the label of its first word
 * piece (the piece token-classification training labels), then entity-level
 * precision/recall/F1 are computed against the gold tags.
 */
import { analyze } from '../analyze';
import { CancelledError, InputError } from '../errors';
import { BertModel } from '../model/model';
import { parseTag } from './chunks';
import { ConllSentence } from './conll';
import { ClassificationReport, classificationReport } from './metrics';

export interface EvalOptions {
  /** Gold entity type renames, e.g. `{ person: 'PER' }`; mapping to `O` drops the type. */
  typeMap?: Record<string, string>;
  /** Score only these types (after typeMap): others become O in gold and predictions alike. */
  types?: string[];
  /**
   * Sentences analysed together, one per line (default 1). Joining consecutive
   * sentences measures the model as the editor uses it: on running text in
   * windows of up to 512 tokens, not on one isolated sentence.
   */
  join?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface EvalResult {
  report: ClassificationReport;
  sentences: number;
  tokens: number;
  /** Gold types that are not among the model's label types (after typeMap). */
  unknownGoldTypes: string[];
  ms: number;
}

/** Parses `FROM:TO` (0-based, end exclusive, either side optional) into a sentence range. */
export function parseRange(spec: string, count: number): [number, number] {
  const m = /^(\d*):(\d*)$/.exec(spec.trim());
  if (!m) throw new InputError('bad-range', `Invalid sentence range "${spec}": write FROM:TO with 0-based sentence numbers, e.g. 1330: or 0:500.`);
  const from = m[1] === '' ? 0 : Number(m[1]);
  const to = m[2] === '' ? count : Math.min(Number(m[2]), count);
  if (from >= to) throw new InputError('bad-range', `The sentence range "${spec}" is empty: the file has ${count} sentences.`);
  return [from, to];
}

/** Parses `a=B,c=D` into a type map. */
export function parseTypeMap(spec: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^=]+)=([^=]+)$/.exec(part);
    if (!m) throw new InputError('bad-map', `Invalid type mapping "${part}": write FROM=TO pairs separated by commas, e.g. person=PER,location=LOC,group=O.`);
    map[m[1].trim()] = m[2].trim();
  }
  return map;
}

/** Renames the type of a tag, keeping its prefix; a type mapped to O (or not in `keep`) becomes O. */
export function mapTag(tag: string, typeMap: Record<string, string>, keep?: ReadonlySet<string>): string {
  const { prefix, type } = parseTag(tag);
  if (prefix === 'O') return 'O';
  const to = typeMap[type] ?? type;
  if (to === 'O' || (keep && !keep.has(to))) return 'O';
  const sep = tag.indexOf('-');
  return sep > 0 && sep <= 2 ? `${tag.slice(0, sep)}-${to}` : to;
}

export async function evaluate(model: BertModel, sentences: readonly ConllSentence[], opts: EvalOptions = {}): Promise<EvalResult> {
  const t0 = performance.now();
  const typeMap = opts.typeMap ?? {};
  const keep = opts.types ? new Set(opts.types) : undefined;
  const join = opts.join ?? 1;
  if (!Number.isInteger(join) || join < 1) throw new InputError('bad-join', `--join must be a whole number of sentences >= 1, got ${join}.`);
  const modelTypes = new Set(model.config.labels.map((l) => parseTag(l).type).filter(Boolean));
  const gold: string[][] = [];
  const pred: string[][] = [];
  let tokens = 0;
  for (let first = 0; first < sentences.length; first += join) {
    if (opts.signal?.aborted) throw new CancelledError();
    // Sentences of one chunk share a text (one per line), as in a document.
    const chunk = sentences.slice(first, first + join);
    const starts: number[][] = [];
    let text = '';
    for (const s of chunk) {
      if (text.length > 0) text += '\n';
      const st: number[] = [];
      s.tokens.forEach((t, i) => {
        if (i > 0) text += ' ';
        st.push(text.length);
        text += t;
      });
      starts.push(st);
    }
    const r = await analyze(model, text, { aggregation: 'none' });
    const byStart = new Map<number, string>();
    for (const t of r.tokens) if (!byStart.has(t.start)) byStart.set(t.start, t.label);
    chunk.forEach((s, k) => {
      // A CoNLL token the tokenizer dropped entirely (e.g. only control characters) predicts O.
      pred.push(starts[k].map((c) => mapTag(byStart.get(c) ?? 'O', {}, keep)));
      gold.push(s.tags.map((t) => mapTag(t, typeMap, keep)));
      tokens += s.tokens.length;
    });
    opts.onProgress?.(Math.min(first + join, sentences.length), sentences.length);
  }
  const report = classificationReport(gold, pred);
  const unknownGoldTypes = report.rows.filter((r) => r.support > 0 && !modelTypes.has(r.label)).map((r) => r.label);
  return { report, sentences: sentences.length, tokens, unknownGoldTypes, ms: performance.now() - t0 };
}

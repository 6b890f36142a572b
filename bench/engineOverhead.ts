/**
 * Engine overhead: `analyze()` time over a raw ONNX Runtime `session.run`
 * of the same model on the same input ids, in the same process, interleaved.
 *
 *   node dist/bench/engineOverhead.js [--json] [--models tiny,small,base] [--iterations ROUNDS] [--book FILE]
 *
 * For each model and sequence length (32, 128, 512 tokens including [CLS]
 * and [SEP], capped at the model's maximum) three variants are timed:
 *   raw      session.run({input_ids, attention_mask, token_type_ids}, ['logits'])
 *            on a session of our own (feeds built once, outside the timing)
 *   analyze  analyze(model, text, { aggregation: 'first' })
 *   full     analyze(model2, text, { aggregation: 'first', attention: true, positions: true })
 * `full` runs on a second BertModel of the same folder: a model whose session
 * has been upgraded to the analysis graph serves every later request with it,
 * and `analyze` is meant to measure the logits-only graph.
 *
 * Interleaving: each round runs a block of every variant, in rotating order.
 * A block first runs its variant untimed for at least 50 ms, then times it
 * for ~30 ms (2 to 20 runs; for a variant whose run takes over a second: a
 * 50 ms pause, then one run). The warm-up matters on this 2-core machine:
 * after every run, ONNX Runtime's intra-op worker thread spins for ~30 ms of
 * CPU, so the first runs of a session right after another session ran share
 * the cores with that spinning thread and are slower (up to 4x measured).
 * A round's value is the block median; the reported ratio is the median over
 * rounds of the per-round ratio, which holds up against load bursts from
 * other processes (they move absolute times by up to 3x here).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { analyze, AnalysisResult, BertModel } from '../src';
import { ensureRandomModel } from './randomModels';
import { median, pairedRatios } from './stats';
import { loadBook, textWithTokens } from './texts';

const ROOT = path.resolve(__dirname, '..', '..');
const THREADS = 2;
const SIZES = [32, 128, 512];
const TARGET = 1.1;
const DEFAULT_ROUNDS = 20;
const MIN_ROUNDS = 5;
/** Fewer rounds when the default would make one case run longer than this (bert-base at 512 tokens). */
const CASE_BUDGET_MS = 45_000;
/** Untimed runs at the start of each block for at least this long (none for runs over SLOW_RUN_MS). */
const BLOCK_WARM_MS = 50;
/** Timed runs per block: about this long, 2 to 20 runs (1 for runs over SLOW_RUN_MS). */
const BLOCK_TIMED_MS = 30;
const SLOW_RUN_MS = 1000;
/** Pause before a block too slow to warm up: longer than ONNX Runtime's intra-op worker spins after a run (~30 ms here). */
const SPIN_MS = 50;
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'engine-overhead.json');

interface ModelSpec {
  name: string;
  dir: string;
  /** training/make_random_model.py preset that creates the folder when missing. */
  preset?: 'small' | 'base';
  /** Informational models (overhead dominates a tiny graph) carry no target. */
  target: number | null;
  about: string;
}

const MODELS: ModelSpec[] = [
  { name: 'tiny', dir: 'test/fixtures/tiny-bert', target: null, about: 'test fixture, 2 layers, hidden 32, 64 positions, native attention output (informational)' },
  { name: 'small', dir: 'bench/.models/small', preset: 'small', target: TARGET, about: 'random weights, bundled architecture: 4 layers, hidden 256, 512 positions, logits-only export' },
  { name: 'base', dir: 'bench/.models/base', preset: 'base', target: TARGET, about: 'random weights, bert-base size: 12 layers, hidden 768, 512 positions, logits-only export' },
];

export interface Options {
  json: boolean;
  models: string[];
  /** Interleaved rounds per case (default 20, fewer for slow cases, at least 5). */
  iterations?: number;
  book?: string;
}

const USAGE = `Usage: node dist/bench/engineOverhead.js [--json] [--models ${MODELS.map((m) => m.name).join(',')}] [--iterations ROUNDS] [--book FILE]`;

/** A bad command line: printed without a stack. */
export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { json: false, models: MODELS.map((m) => m.name) };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value. ${USAGE}`);
      return v;
    };
    if (a === '--json') opts.json = true;
    else if (a === '--models') {
      opts.models = value().split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = opts.models.filter((m) => !MODELS.some((s) => s.name === m));
      if (unknown.length) throw new UsageError(`Unknown model ${unknown.join(', ')}. Must be some of ${MODELS.map((m) => m.name).join(', ')}.`);
    } else if (a === '--iterations') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--iterations needs a positive integer (interleaved rounds), got ${argv[i]}`);
      opts.iterations = n;
    } else if (a === '--book') opts.book = value();
    else throw new UsageError(`Unknown option ${a}. ${USAGE}`);
  }
  return opts;
}

/** One JSON entry per measured ratio. */
export interface Entry {
  name: string;
  /** Median ms of the measured thing (analyze, or analyze with attention + positions). */
  measured: number;
  /** Median ms of the raw logits-only session.run in the same rounds. */
  baseline: number;
  /** Median over rounds of measured / baseline (each round's value: the median of its block). */
  ratio: number;
  /** measured / baseline. */
  ratioOfMedians: number;
  target: number | null;
  met: boolean | null;
  rounds: number;
  /** Timed runs of the measured variant, all rounds together. */
  runs: number;
}

type Variant = 'raw' | 'plain' | 'full';
const VARIANTS: Variant[] = ['raw', 'plain', 'full'];

/** `result.timings` of the timed analyze() calls. */
interface Timings {
  tokenize: number[];
  session: number[];
  run: number[];
  post: number[];
  /** totalMs minus the parts above: window planning, softmax, attention copies. */
  other: number[];
  /** Measured time minus totalMs: promise resolution, scheduling. */
  outside: number[];
}

interface VariantResult {
  /** Block medians, one per round. */
  perRound: number[];
  runs: number;
  timings: Timings;
  coldMs: number;
}

interface CaseResult {
  model: string;
  tokens: number;
  rounds: number;
  target: number | null;
  variants: Record<Variant, VariantResult>;
  attentionMB: number;
}

const log = (s: string) => process.stderr.write(s + '\n');

const FED = new Set(['input_ids', 'attention_mask', 'token_type_ids']);

function rawFeeds(inputNames: readonly string[], ids: number[]): Record<string, ort.Tensor> {
  const dims = [1, ids.length];
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of inputNames) {
    const v = name === 'input_ids' ? ids : new Array<number>(ids.length).fill(name === 'attention_mask' ? 1 : 0);
    feeds[name] = new ort.Tensor('int64', BigInt64Array.from(v, (x) => BigInt(x)), dims);
  }
  return feeds;
}

function timings(): Timings {
  return { tokenize: [], session: [], run: [], post: [], other: [], outside: [] };
}

function addTimings(t: Timings, r: AnalysisResult, measuredMs: number): void {
  const { tokenizeMs, sessionMs, runMs, postprocessMs, totalMs } = r.timings;
  t.tokenize.push(tokenizeMs);
  t.session.push(sessionMs);
  t.run.push(runMs);
  t.post.push(postprocessMs);
  t.other.push(totalMs - tokenizeMs - sessionMs - runMs - postprocessMs);
  t.outside.push(measuredMs - totalMs);
}

/** Checks that the engine ran one window over exactly the baseline's ids and got the baseline's predictions. */
function checkSameRun(r: AnalysisResult, ids: Int32Array, rawLogits: ort.Tensor, prefix: number, labels: number, what: string): void {
  assert.equal(r.windows.length, 1, `${what}: the engine ran ${r.windows.length} windows, expected 1`);
  assert.equal(r.windows[0].tokenEnd - r.windows[0].tokenStart, ids.length, `${what}: window length`);
  assert.equal(r.tokens.length, ids.length, `${what}: token count`);
  r.tokens.forEach((t, i) => assert.equal(t.id, ids[i], `${what}: token ${i} id ${t.id} != baseline ${ids[i]}`));
  const logits = rawLogits.data as Float32Array;
  let worst = 0;
  r.tokens.forEach((t, i) => {
    const row = logits.subarray((prefix + i) * labels, (prefix + i + 1) * labels);
    const max = Math.max(...row);
    let sum = 0;
    for (const x of row) sum += Math.exp(x - max);
    worst = Math.max(worst, Math.abs(t.score - 1 / sum));
  });
  assert.ok(worst < 1e-4, `${what}: engine scores differ from the raw session's by up to ${worst}`);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await f();
  return [performance.now() - t0, v];
}

/** Untimed warm-up (ms) and timed runs per block for a variant that takes about `estimateMs`. */
export function blockShape(estimateMs: number): { warmMs: number; timed: number } {
  if (estimateMs > SLOW_RUN_MS) return { warmMs: 0, timed: 1 };
  return { warmMs: BLOCK_WARM_MS, timed: Math.min(20, Math.max(2, Math.ceil(BLOCK_TIMED_MS / Math.max(estimateMs, 0.01)))) };
}

async function benchModel(spec: ModelSpec, opts: Options, book: string): Promise<CaseResult[]> {
  const dir = path.join(ROOT, spec.dir);
  const load = () => BertModel.load(dir, { providers: ['cpu'], threads: THREADS });
  const plainModel = await load();
  const fullModel = await load();
  const raw = await ort.InferenceSession.create(plainModel.onnxPath, {
    executionProviders: ['cpu'],
    intraOpNumThreads: THREADS,
    graphOptimizationLevel: 'all',
  });
  const results: CaseResult[] = [];
  try {
    const unfed = raw.inputNames.filter((n) => !FED.has(n));
    if (unfed.length) throw new Error(`${spec.dir} has inputs ${unfed.join(', ')} that the raw baseline does not feed`);
    const tok = plainModel.tokenizer;
    const specials = tok.prefixIds.length + tok.suffixIds.length;
    const labels = plainModel.config.labels.length;
    for (const seq of SIZES.filter((s) => s <= plainModel.info.maxLength)) {
      const label = `${spec.name}@${seq}`;
      const cut = await textWithTokens(tok, book, seq - specials);
      const ids = [...tok.prefixIds, ...cut.ids, ...tok.suffixIds];
      assert.equal(ids.length, seq);
      const feeds = rawFeeds(raw.inputNames, ids);
      const res: Record<Variant, VariantResult> = {
        raw: { perRound: [], runs: 0, timings: timings(), coldMs: 0 },
        plain: { perRound: [], runs: 0, timings: timings(), coldMs: 0 },
        full: { perRound: [], runs: 0, timings: timings(), coldMs: 0 },
      };
      const analyzePlain = () => analyze(plainModel, cut.text, { aggregation: 'first' });
      const analyzeFull = () => analyze(fullModel, cut.text, { aggregation: 'first', attention: true, positions: true });
      const call: Record<Variant, () => Promise<AnalysisResult | undefined>> = {
        raw: async () => void (await raw.run(feeds, ['logits'])),
        plain: analyzePlain,
        full: analyzeFull,
      };
      /** One call; its result.timings are kept when `record`. */
      const measure = async (v: Variant, record: boolean): Promise<number> => {
        const [t, r] = await timed(call[v]);
        if (record && r) addTimings(res[v].timings, r, t);
        return t;
      };

      // Cold calls (the first analyze creates the session; the first full one the edited graph and the position PCA), and checks.
      const rawOut = await raw.run(feeds, ['logits']);
      const [coldPlain, plain] = await timed(analyzePlain);
      checkSameRun(plain, cut.ids, rawOut.logits, tok.prefixIds.length, labels, `${label} analyze`);
      const [coldFull, full] = await timed(analyzeFull);
      checkSameRun(full, cut.ids, rawOut.logits, tok.prefixIds.length, labels, `${label} analyze+attention+positions`);
      assert.equal(full.attention?.length, 1, `${label}: expected attention for the one window`);
      assert.equal(full.attention[0].seq, seq, `${label}: attention sequence length`);
      assert.ok(full.positions, `${label}: expected a position analysis`);
      res.plain.coldMs = coldPlain;
      res.full.coldMs = coldFull;
      const attentionMB = full.attention[0].data.byteLength / 2 ** 20;

      // Interleaved warm-up; its second pass sizes the blocks and the number of rounds.
      const estimate = { raw: 0, plain: 0, full: 0 };
      for (let pass = 0; pass < 2; pass++) for (const v of VARIANTS) estimate[v] = await measure(v, false);
      const shape = { raw: blockShape(estimate.raw), plain: blockShape(estimate.plain), full: blockShape(estimate.full) };
      const roundMs = VARIANTS.reduce((s, v) => s + Math.max(shape[v].warmMs, shape[v].warmMs > 0 ? estimate[v] : 0) + estimate[v] * shape[v].timed, 0);
      const rounds = opts.iterations ?? Math.max(MIN_ROUNDS, Math.min(DEFAULT_ROUNDS, Math.floor(CASE_BUDGET_MS / roundMs)));
      log(`${label}: ${rounds} rounds of ~${roundMs.toFixed(0)} ms (${VARIANTS.map((v) => `${v} ${shape[v].timed} of ~${estimate[v].toFixed(1)} ms`).join(', ')})`);

      for (let round = 0; round < rounds; round++) {
        // Rotate the order so that no variant always follows the same one.
        for (let j = 0; j < VARIANTS.length; j++) {
          const v = VARIANTS[(round + j) % VARIANTS.length];
          const warmUntil = performance.now() + shape[v].warmMs;
          if (shape[v].warmMs > 0) do await measure(v, false); while (performance.now() < warmUntil);
          else await sleep(SPIN_MS); // too slow to run untimed: let the last session's threads stop spinning instead
          const block: number[] = [];
          for (let k = 0; k < shape[v].timed; k++) block.push(await measure(v, true));
          res[v].perRound.push(median(block));
          res[v].runs += block.length;
        }
      }
      const result: CaseResult = { model: spec.name, tokens: seq, rounds, target: spec.target, variants: res, attentionMB };
      results.push(result);
      const [p, f] = [pairedRatio(result, 'plain'), pairedRatio(result, 'full')];
      log(`${label}: raw ${median(res.raw.perRound).toFixed(2)} ms, analyze ${p.toFixed(3)}x, analyze+attention+positions ${f.toFixed(3)}x`);
    }
  } finally {
    await raw.release();
    await plainModel.dispose();
    await fullModel.dispose();
  }
  return results;
}

function pairedRatio(r: CaseResult, v: Variant): number {
  return median(pairedRatios(r.variants[v].perRound, r.variants.raw.perRound));
}

const med = (r: CaseResult, v: Variant) => median(r.variants[v].perRound);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((s, c) => (c < 2 ? s.padEnd(widths[c]) : s.padStart(widths[c]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const fmtMs = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
const fmtRatio = (x: number) => `${x.toFixed(3)}x`;

export function entries(results: readonly CaseResult[]): Entry[] {
  return results.flatMap((r) =>
    (['plain', 'full'] as const).map((v) => {
      const ratio = pairedRatio(r, v);
      const target = v === 'plain' ? r.target : null;
      return {
        name: `${v === 'plain' ? 'analyze' : 'analyze+attention+positions'}/raw ${r.model}@${r.tokens}`,
        measured: med(r, v),
        baseline: med(r, 'raw'),
        ratio,
        ratioOfMedians: med(r, v) / med(r, 'raw'),
        target,
        met: target === null ? null : ratio <= target,
        rounds: r.rounds,
        runs: r.variants[v].runs,
      };
    }),
  );
}

export interface Outcome {
  summary: string;
  entries: Entry[];
  skipped: string[];
}

export async function main(argv: readonly string[]): Promise<Outcome> {
  const opts = parseArgs(argv);
  const t0 = performance.now();
  const loadBefore = os.loadavg()[0];
  const book = loadBook(opts.book);
  const results: CaseResult[] = [];
  const skipped: string[] = [];
  for (const spec of MODELS.filter((m) => opts.models.includes(m.name))) {
    const why = ensureRandomModel(spec.dir, spec.preset, log);
    if (why) {
      skipped.push(`${spec.name}: ${why}`);
      log(`skipping ${spec.name}: ${why}`);
      continue;
    }
    log(`${spec.name}: ${spec.about}`);
    results.push(...(await benchModel(spec, opts, book)));
  }
  const wallS = (performance.now() - t0) / 1000;
  const loadAfter = os.loadavg()[0];
  const list = entries(results);

  console.log(`\nEngine overhead: analyze() vs raw session.run (logits only) on the same ids, ${THREADS} threads`);
  console.log(`ms = median of per-round block medians; ratio = median over rounds of the per-round ratio. ${os.cpus().length} CPUs, Node ${process.version}, onnxruntime-node ${ort.env.versions.node ?? '?'}, load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after.`);
  console.log(
    table(
      ['model', 'tokens', 'rounds', 'raw ms', 'analyze ms', 'ratio', 'target', 'attn+pos ms', 'ratio'],
      results.map((r) => {
        const ratio = pairedRatio(r, 'plain');
        return [
          r.model,
          String(r.tokens),
          String(r.rounds),
          fmtMs(med(r, 'raw')),
          fmtMs(med(r, 'plain')),
          fmtRatio(ratio),
          r.target === null ? '-' : `${ratio <= r.target ? 'ok' : 'MISSED'} <=${r.target.toFixed(2)}`,
          fmtMs(med(r, 'full')),
          fmtRatio(pairedRatio(r, 'full')),
        ];
      }),
    ),
  );
  console.log('\nWhere the time goes (ms, medians of result.timings; run = feeds + ModelSession.run; other = totalMs - tokenize - session - run - post,');
  console.log('i.e. window planning, softmax, attention copy; outside = measured - totalMs; cold = first call, with session creation):');
  const m = (r: CaseResult, v: Variant, k: keyof Timings) => fmtMs(median(r.variants[v].timings[k]));
  console.log(
    table(
      ['model', 'tokens', 'raw', 'analyze', 'tokenize', 'run', 'post', 'other', 'outside', '| full: run', 'post', 'other', 'attn MB', 'cold', 'cold full'],
      results.map((r) => [
        r.model,
        String(r.tokens),
        fmtMs(med(r, 'raw')),
        fmtMs(med(r, 'plain')),
        m(r, 'plain', 'tokenize'),
        m(r, 'plain', 'run'),
        m(r, 'plain', 'post'),
        m(r, 'plain', 'other'),
        m(r, 'plain', 'outside'),
        m(r, 'full', 'run'),
        m(r, 'full', 'post'),
        m(r, 'full', 'other'),
        r.attentionMB.toFixed(1),
        fmtMs(r.variants.plain.coldMs),
        fmtMs(r.variants.full.coldMs),
      ]),
    ),
  );
  for (const s of skipped) console.log(`skipped ${s}`);

  const targeted = list.filter((e) => e.target !== null);
  const met = targeted.filter((e) => e.met).length;
  const worst = targeted.reduce<Entry | undefined>((w, e) => (!w || e.ratio > w.ratio ? e : w), undefined);
  const full = list.filter((e) => e.name.startsWith('analyze+attention'));
  const fullRange = full.length ? `${Math.min(...full.map((e) => e.ratio)).toFixed(2)}-${Math.max(...full.map((e) => e.ratio)).toFixed(2)}x` : 'n/a';
  const summary =
    (targeted.length ? `engine-overhead: analyze/raw <= ${TARGET.toFixed(2)} met ${met}/${targeted.length}` : 'engine-overhead: no model with a target measured') +
    (worst ? ` (worst ${worst.name.replace('analyze/raw ', '')} ${worst.ratio.toFixed(3)}x)` : '') +
    `; attention+positions ${fullRange} raw; ${wallS.toFixed(0)} s` +
    (skipped.length ? `; skipped ${skipped.map((s) => s.split(':')[0]).join(', ')}` : '');

  if (opts.json) {
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    const doc = {
      benchmark: 'engine-overhead',
      date: new Date().toISOString(),
      machine: {
        platform: `${os.platform()} ${os.release()}`,
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model ?? '?',
        node: process.version,
        onnxruntime: ort.env.versions.node ?? '?',
        loadAverage: { before: loadBefore, after: loadAfter },
      },
      threads: THREADS,
      wallSeconds: wallS,
      summary,
      entries: list,
      skipped,
      /** Block medians per round (ms), for looking at the spread. */
      rounds: results.map((r) => ({
        case: `${r.model}@${r.tokens}`,
        ...Object.fromEntries(VARIANTS.map((v) => [v, r.variants[v].perRound.map((x) => Math.round(x * 1000) / 1000)])),
      })),
    };
    fs.writeFileSync(RESULTS_FILE, JSON.stringify(doc, null, 2) + '\n');
    console.log(`\nwrote ${RESULTS_FILE}`);
  }
  console.log(summary);
  return { summary, entries: list, skipped };
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e instanceof UsageError ? e.message : e instanceof Error ? (e.stack ?? e.message) : e);
    process.exitCode = 1;
  });
}

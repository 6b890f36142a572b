/**
 * The `bert-lens` command line: analyze text, evaluate on CoNLL, show model info.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyze, AnalyzeOptions } from '../analyze';
import { BertLensError, errorMessage, InputError } from '../errors';
import { readConll } from '../eval/conll';
import { evaluate, parseRange, parseTypeMap } from '../eval/evaluate';
import { formatReport } from '../eval/metrics';
import { streamLogger } from '../logger';
import { BertModel } from '../model/model';
import { AggregationStrategy, AnalysisResult } from '../protocol';
import { renderHtmlReport } from '../report/html';
import { writeJson } from '../report/json';
import { defaultModel } from './defaultModel';
import { formatTable, visible } from './table';

const USAGE = `Usage:
  bert-lens analyze <file|-> [options]   label a text file (- reads stdin)
  bert-lens eval --conll FILE [options]  entity-level P/R/F1 on a CoNLL file
  bert-lens info [--model DIR]           model facts and capabilities

Options:
  --model DIR            model folder (default: the bundled model)
  --json                 print the full result as JSON
  --attention            add attention tensors (and their rollout) to the JSON
  --positions            add the position-embedding analysis to the JSON
  --hidden-states        add hidden-state norms (models that output them)
  --html FILE            write a self-contained HTML report
  --aggregation S        none | simple | first | average | max (default first)
  --stride N             overlap between windows in tokens
  --max-length N         window length in tokens, specials included
  --providers LIST       auto, or a comma list of cuda, webgpu, dml, coreml, cpu
  --threads N            CPU threads for ONNX Runtime
  --tokens N|all         token rows to print in the table (default 200)
  --map FROM=TO,...      eval: rename gold entity types (TO may be O)
  --types T,...          eval: score only these entity types (e.g. PER,LOC,ORG)
  --sentences FROM:TO    eval: only sentences FROM..TO-1 (0-based), e.g. 1330:
  --join N               eval: analyse N consecutive sentences as one text (document context)
  --verbose              log what the engine does to stderr
  -h, --help             this text
`;

const OPTIONS = {
  model: { type: 'string' },
  json: { type: 'boolean' },
  attention: { type: 'boolean' },
  positions: { type: 'boolean' },
  'hidden-states': { type: 'boolean' },
  html: { type: 'string' },
  aggregation: { type: 'string' },
  stride: { type: 'string' },
  'max-length': { type: 'string' },
  providers: { type: 'string' },
  threads: { type: 'string' },
  tokens: { type: 'string' },
  conll: { type: 'string' },
  map: { type: 'string' },
  types: { type: 'string' },
  sentences: { type: 'string' },
  join: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  readStdin: () => string;
}

const processIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  readStdin: () => fs.readFileSync(0, 'utf8'),
};

function intOption(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InputError('bad-option', `--${name} must be a whole number, got "${v}".`);
  return n;
}

/** Runs the CLI; returns the process exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (e) {
    io.err(`bert-lens: ${errorMessage(e)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command || command === 'help') {
    io.out(USAGE);
    return command || values.help ? 0 : 2;
  }
  const log = streamLogger((l) => io.err(l + '\n'), values.verbose ?? false);
  let model: BertModel | undefined;
  try {
    const loadModel = async () => {
      const dir = values.model ?? defaultModel();
      const providers = values.providers ? (values.providers === 'auto' ? 'auto' : values.providers.split(',')) : 'auto';
      model = await BertModel.load(dir, { providers, threads: intOption(values.threads, 'threads'), logger: log });
      return model;
    };
    switch (command) {
      case 'analyze':
        return await runAnalyze(rest, values, io, loadModel);
      case 'eval':
        return await runEval(values, io, loadModel);
      case 'info':
        return await runInfo(io, loadModel);
      default:
        io.err(`bert-lens: unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof BertLensError) {
      io.err(`bert-lens: ${e.message}\n`);
      return e instanceof InputError ? 2 : 1;
    }
    io.err(`bert-lens: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  } finally {
    await (model as BertModel | undefined)?.dispose();
  }
}

function readInput(rest: string[], io: Io): string {
  if (rest.length !== 1) throw new InputError('bad-args', `analyze takes one input: a file path, or - for standard input (got ${rest.length}).`);
  const file = rest[0];
  if (file === '-') return io.readStdin();
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError('missing-input', `Cannot read ${file}: ${errorMessage(e)}.`, { file });
  }
}

async function runAnalyze(rest: string[], values: Values, io: Io, loadModel: () => Promise<BertModel>): Promise<number> {
  const text = readInput(rest, io);
  const tokenRows = values.tokens === 'all' ? Infinity : (intOption(values.tokens, 'tokens') ?? 200);
  const model = await loadModel();
  const opts: AnalyzeOptions = {
    aggregation: (values.aggregation ?? 'first') as AggregationStrategy,
    stride: intOption(values.stride, 'stride'),
    maxLength: intOption(values['max-length'], 'max-length'),
    attention: values.attention ?? false,
    rollout: values.attention ?? false,
    positions: values.positions ?? false,
    hiddenStates: values['hidden-states'] ?? false,
  };
  const result = await analyze(model, text, opts);
  if (values.html) writeFileAtomic(values.html, renderHtmlReport(result, text));
  if (values.json) {
    writeJson(result, { write: io.out });
    io.out('\n');
  } else {
    io.out(formatResult(result, text, tokenRows) + '\n');
  }
  if (values.html && !values.json) io.out(`HTML report written to ${values.html}\n`);
  return 0;
}

/** Writes via a temporary file and a rename, so no reader ever sees half a file. */
export function writeFileAtomic(file: string, content: string): void {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new InputError('write-failed', `Cannot write ${file}: ${errorMessage(e)}.`, { file });
  }
}

export function formatResult(r: AnalysisResult, text: string, tokenRows: number): string {
  const m = r.model;
  const lines: string[] = [];
  const fallback = r.provider.explicit && r.provider.fallbacks.length ? ` (fell back from ${r.provider.fallbacks.map((f) => f.provider).join(', ')})` : '';
  lines.push(`Model: ${m.name} (${m.family}, ${m.layers} layers, ${m.heads} heads, hidden ${m.hidden}) on ${r.provider.used}${fallback}`);
  lines.push(`Text: ${r.textLength} characters, ${r.tokens.length} tokens, ${r.windows.length} window${r.windows.length === 1 ? '' : 's'} of up to ${m.maxLength} tokens (stride ${r.stride}), ${r.timings.totalMs.toFixed(1)} ms`);
  for (const w of r.warnings) lines.push(`Warning: ${w}`);
  lines.push('', `Entities (aggregation ${r.aggregation}): ${r.spans.length}`);
  if (r.spans.length > 0) {
    lines.push(formatTable(
      ['start', 'end', 'label', 'score', 'text'],
      r.spans.map((s) => [String(s.start), String(s.end), s.label, s.score.toFixed(3), visible(s.text)]),
      ['right', 'right', 'left', 'right', 'left'],
    ));
  }
  const shown = r.tokens.slice(0, tokenRows);
  lines.push('', `Tokens: ${r.tokens.length}${shown.length < r.tokens.length ? ` (first ${shown.length}; --tokens all lists every one)` : ''}`);
  if (shown.length > 0) {
    lines.push(formatTable(
      ['#', 'piece', 'start', 'end', 'text', 'pos', 'win', 'label', 'score', 'top-3'],
      shown.map((t) => [
        String(t.index), visible(t.piece), String(t.start), String(t.end), visible(text.slice(t.start, t.end)),
        String(t.positionId), String(t.window), t.label, t.score.toFixed(3),
        t.topK.map((a) => `${a.label} ${a.score.toFixed(2)}`).join(', '),
      ]),
      ['right', 'left', 'right', 'right', 'left', 'right', 'right', 'left', 'right', 'left'],
    ));
  }
  return lines.join('\n');
}

async function runEval(values: Values, io: Io, loadModel: () => Promise<BertModel>): Promise<number> {
  if (!values.conll) throw new InputError('bad-args', 'eval needs --conll FILE (a CoNLL file: token first, tag last, blank lines between sentences).');
  let text: string;
  try {
    text = fs.readFileSync(values.conll, 'utf8');
  } catch (e) {
    throw new InputError('missing-input', `Cannot read ${values.conll}: ${errorMessage(e)}.`, { file: values.conll });
  }
  let sentences = readConll(text, values.conll);
  if (sentences.length === 0) throw new InputError('empty-conll', `${values.conll} has no sentences.`, { file: values.conll });
  let range = '';
  if (values.sentences) {
    const [from, to] = parseRange(values.sentences, sentences.length);
    sentences = sentences.slice(from, to);
    range = ` (sentences ${from}-${to - 1})`;
  }
  const types = values.types?.split(',').map((t) => t.trim()).filter(Boolean);
  const model = await loadModel();
  const join = intOption(values.join, 'join');
  const r = await evaluate(model, sentences, { typeMap: values.map ? parseTypeMap(values.map) : undefined, types, join });
  if (values.json) {
    writeJson({ file: values.conll, model: model.info.name, sentences: r.sentences, tokens: r.tokens, ...r.report, unknownGoldTypes: r.unknownGoldTypes }, { write: io.out });
    io.out('\n');
    return 0;
  }
  io.out(`Model: ${model.info.name} · ${values.conll}${range}: ${r.sentences} sentences, ${r.tokens} tokens, ${(r.ms / 1000).toFixed(1)} s\n`);
  io.out(`Entity-level scores (CoNLL rules: exact type and boundaries; each token labelled by its first piece)${types ? `; types ${types.join(', ')} only` : ''}${join && join > 1 ? `; ${join} sentences a text` : ''}\n\n`);
  io.out(formatReport(r.report) + '\n');
  if (r.unknownGoldTypes.length > 0) {
    io.out(`\nNote: gold types ${r.unknownGoldTypes.join(', ')} are not among the model's labels (${model.config.labels.join(', ')}); map them with --map, e.g. --map ${r.unknownGoldTypes.map((t) => `${t}=O`).join(',')}\n`);
  }
  return 0;
}

async function runInfo(io: Io, loadModel: () => Promise<BertModel>): Promise<number> {
  const model = await loadModel();
  const i = model.info;
  const rows: [string, string][] = [
    ['name', i.name], ['path', i.path], ['onnx', i.onnxFile], ['family', i.family],
    ['layers x heads', `${i.layers} x ${i.heads}`], ['hidden', String(i.hidden)],
    ['max positions', `${i.maxPositions} (offset ${i.positionOffset}, window ${i.maxLength} tokens)`],
    ['vocabulary', String(i.vocabSize)], ['labels', i.labels.join(' ')],
    ['attention', i.capabilities.attention],
  ];
  io.out(rows.map(([k, v]) => `${k.padEnd(15)} ${v}`).join('\n') + '\n');
  for (const n of i.capabilities.notes) io.out(`  - ${n}\n`);
  return 0;
}



/**
 * ONNX Runtime sessions for one model: created lazily, cached, disposable,
 * with execution-provider fallback.
 *
 * Two variants share one cache slot: the plain graph (logits only) and the
 * analysis graph (plus attention/embedding outputs). The analysis session
 * serves every later request, so a model is held in memory once; a caller
 * that only wants logits never pays for building the edited graph.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { errorMessage, ModelLoadError, ProviderError } from '../errors';
import { Logger } from '../logger';
import { ExecutionProviderName, ProviderReport } from '../protocol';
import { appendGraphOutputs } from './graphEdit';

export interface SessionOptions {
  providers: ExecutionProviderName[];
  /** Intra-op threads; ONNX Runtime picks when undefined. */
  threads?: number;
  /** True when the user chose the providers (a fallback is then worth a warning), false for `auto`. */
  explicit: boolean;
}

let ortLogLevelSet = false;

/** ONNX Runtime prints provider load failures itself; we report them once, in our log. */
function quietOrt(): void {
  if (ortLogLevelSet) return;
  ortLogLevelSet = true;
  if (!process.env.BERT_LENS_ORT_LOG) ort.env.logLevel = 'fatal';
}

interface Variant {
  session: ort.InferenceSession;
  extra: boolean;
  inflight: number;
  retired: boolean;
}

export class ModelSession {
  private current?: Variant;
  private pending?: Promise<Variant>;
  private failed = new Set<string>();
  private disposed = false;
  /** The provider in use and the fallbacks taken to get there (after the first session). */
  report?: ProviderReport;
  /** Milliseconds spent creating the last session. */
  lastCreateMs = 0;
  /** Sessions created so far (1 after any number of same-kind runs: the cache works). */
  created = 0;

  constructor(
    private readonly modelPath: string,
    private readonly extraOutputs: string[],
    private readonly opts: SessionOptions,
    private readonly log: Logger,
  ) {}

  /** Graph output names of the session that would serve a run needing `extra`. */
  async outputNames(extra: boolean): Promise<readonly string[]> {
    return (await this.acquire(extra)).session.outputNames;
  }

  /**
   * Runs the model, fetching only `fetches`. `extra` says whether any of them
   * is an added analysis output (attention or embedding lookups).
   */
  async run(feeds: Record<string, ort.Tensor>, fetches: string[], extra: boolean): Promise<Record<string, ort.Tensor>> {
    const v = await this.acquire(extra);
    v.inflight++;
    try {
      return await v.session.run(feeds, fetches);
    } finally {
      v.inflight--;
      if (v.retired && v.inflight === 0) void v.session.release();
    }
  }

  private async acquire(extra: boolean): Promise<Variant> {
    if (this.disposed) throw new ModelLoadError('disposed', 'This model has been unloaded; load it again.');
    const needExtra = extra && this.extraOutputs.length > 0;
    if (this.current && (this.current.extra || !needExtra)) return this.current;
    if (this.pending) {
      const v = await this.pending;
      if (v.extra || !needExtra) return v;
    }
    this.pending = this.create(needExtra);
    try {
      const v = await this.pending;
      const old = this.current;
      this.current = v;
      if (old) {
        old.retired = true;
        if (old.inflight === 0) void old.session.release();
      }
      return v;
    } finally {
      this.pending = undefined;
    }
  }

  private async create(extra: boolean): Promise<Variant> {
    quietOrt();
    const t0 = performance.now();
    let source: string | Uint8Array = this.modelPath;
    const options: ort.InferenceSession.SessionOptions = { graphOptimizationLevel: 'all' };
    if (this.opts.threads) options.intraOpNumThreads = this.opts.threads;
    if (extra) {
      source = appendGraphOutputs(readModelBytes(this.modelPath), this.extraOutputs);
      // From bytes, ONNX Runtime has no model path to resolve external data against.
      options.extra = { session: { model_external_initializers_file_folder_path: path.dirname(this.modelPath) } };
    }
    const fallbacks = this.report?.fallbacks ?? [];
    for (const provider of this.opts.providers) {
      if (this.failed.has(provider)) continue;
      try {
        const eps = provider === 'cpu' ? ['cpu'] : [provider, 'cpu'];
        const session = await ort.InferenceSession.create(source as Uint8Array, { ...options, executionProviders: eps });
        this.report = { requested: [...this.opts.providers], explicit: this.opts.explicit, used: provider, fallbacks };
        this.lastCreateMs = performance.now() - t0;
        this.created++;
        this.log.info(`session for ${this.modelPath} on ${provider}${extra ? ' with analysis outputs' : ''} in ${this.lastCreateMs.toFixed(0)} ms`);
        return { session, extra, inflight: 0, retired: false };
      } catch (e) {
        const reason = firstLine(errorMessage(e));
        if (provider === 'cpu') throw sessionError(this.modelPath, reason, e);
        this.failed.add(provider);
        fallbacks.push({ provider, reason });
        // Under `auto`, a GPU provider that is not installed is expected, not a problem.
        const line = `execution provider ${provider} failed, falling back: ${reason}`;
        if (this.opts.explicit) this.log.warn(line);
        else this.log.info(line);
      }
    }
    throw new ProviderError('no-provider', `No execution provider could run ${this.modelPath}: ${fallbacks.map((f) => `${f.provider}: ${f.reason}`).join('; ')}`);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const v = this.current ?? (this.pending ? await this.pending.catch(() => undefined) : undefined);
    this.current = undefined;
    if (v && v.inflight === 0) await v.session.release();
    else if (v) v.retired = true;
  }
}

function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim().length > 0) ?? s;
  return line.length > 300 ? line.slice(0, 300) + '…' : line;
}

function sessionError(modelPath: string, reason: string, cause: unknown): ModelLoadError {
  if (/external|data file|model\.onnx_data|No such file/i.test(reason)) {
    return new ModelLoadError('missing-external-data', `ONNX Runtime cannot load ${modelPath}: ${reason}. The model keeps weights in an external data file; put that file next to the .onnx file.`, { file: modelPath, cause });
  }
  return new ModelLoadError('bad-onnx', `ONNX Runtime cannot load ${modelPath}: ${reason}. Re-export the model (opset >= 14) or check that the file is complete.`, { file: modelPath, cause });
}

export function readModelBytes(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new ModelLoadError('missing-onnx', `Cannot read ${file}: ${errorMessage(e)}.`, { file, cause: e });
  }
}

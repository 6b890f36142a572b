/**
 * Downloads a token-classification model from a Hugging Face hub (or a
 * mirror) into a cache folder.
 *
 * Files go to `<cache>/.staging/<owner--name@revision>/`; a model appears
 * as `<cache>/<owner--name@revision>/` only after every file arrived and was
 * verified, by one rename, with a `bert-lens-download.json` manifest. An
 * interrupted or cancelled download leaves its partial files in staging and
 * the next attempt resumes them.
 *
 * @example
 * const dir = await downloadModel('dslim/bert-base-NER', cacheDir, {
 *   onProgress: (p) => console.log(p.file, p.bytes, p.total),
 * });
 * const model = await BertModel.load(dir);
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CancelledError, DownloadError } from '../errors';
import { Logger, silentLogger } from '../logger';
import { parseOnnx } from '../model/onnxGraph';
import { fetchFile, FetchedFile } from './fetchFile';
import { cacheName, checkRepoId, checkRevision, DEFAULT_ENDPOINT, FileWant, modelFiles, resolveUrl } from './repo';

export const MANIFEST = 'bert-lens-download.json';
const STAGING = '.staging';

export interface DownloadOptions {
  /** Hub base URL; a mirror works if it serves `/{repo}/resolve/{revision}/{file}`. */
  endpoint?: string;
  /** Access token for gated or private models. Sent only to the endpoint's host. */
  token?: string;
  revision?: string;
  /** A specific ONNX file in the repo (default: onnx/model.onnx, else model.onnx). */
  onnxFile?: string;
  /** Give up when no byte arrives for this long (ms). Default 30 s. */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  logger?: Logger;
}

export interface DownloadProgress {
  /** The repository path being fetched. */
  file: string;
  fileBytes: number;
  fileTotal?: number;
  /** Bytes of the files fetched so far, this one included. */
  bytes: number;
}

export interface DownloadManifest {
  repo: string;
  revision: string;
  commit?: string;
  endpoint: string;
  files: { path: string; bytes: number; sha256?: string }[];
  downloadedAt: string;
}

/** Downloads (or finds in the cache) a model; returns its folder. */
export async function downloadModel(repoId: string, cacheDir: string, options: DownloadOptions = {}): Promise<string> {
  const repo = checkRepoId(repoId);
  const revision = checkRevision(options.revision ?? 'main');
  const endpoint = options.endpoint ?? DEFAULT_ENDPOINT;
  const log = options.logger ?? silentLogger;
  const name = cacheName(repo, revision);
  const final = path.join(cacheDir, name);
  const staging = path.join(cacheDir, STAGING, name);
  fs.mkdirSync(staging, { recursive: true });

  const manifest: DownloadManifest = { repo, revision, endpoint, files: [], downloadedAt: '' };
  let done = 0;
  const get = async (file: string): Promise<FetchedFile | undefined> => {
    if (options.signal?.aborted) throw new CancelledError();
    const dest = path.join(staging, ...file.split('/'));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    // Fetched by an earlier, interrupted attempt: a Range request checks it is still complete and current.
    if (fs.existsSync(dest)) fs.renameSync(dest, dest + '.part');
    const url = resolveUrl(endpoint, repo, revision, file);
    log.info(`fetching ${url}`);
    const r = await fetchFile(url, dest, {
      token: options.token,
      idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
      signal: options.signal,
      onBytes: (bytes, total) => options.onProgress?.({ file, fileBytes: bytes, fileTotal: total, bytes: done + bytes }),
    });
    if (r.status === 'missing') return undefined;
    done += r.file.bytes;
    manifest.commit ??= r.file.commit;
    manifest.files.push({ path: file, bytes: r.file.bytes, sha256: r.file.sha256 });
    log.info(`${file}: ${r.file.bytes} bytes${r.file.resumed ? ' (resumed)' : ''}${r.file.sha256 ? ', SHA-256 verified' : ''}`);
    return r.file;
  };

  for (const want of modelFiles(options.onnxFile)) {
    const found = await firstOf(want, get);
    if (!found && want.required) {
      throw new DownloadError(
        'hub-missing-file',
        `${repo} (revision ${revision}) has no ${want.role}: none of ${want.candidates.join(', ')} exists on ${endpoint}. ` +
          (want.role === 'ONNX model'
            ? 'BERT Lens runs ONNX exports: pick a repository that has one (often under onnx/), or export it with `optimum-cli export onnx --task token-classification`.'
            : 'Check the repository id and revision.'),
      );
    }
    if (found && want.role === 'ONNX model') {
      for (const extra of externalDataFiles(path.join(staging, ...found.split('/')), staging)) {
        if (!(await get(extra))) throw new DownloadError('hub-missing-file', `${found} keeps its weights in ${extra}, which ${repo} does not have. The export is incomplete; pick another revision or repository.`);
      }
    }
  }

  manifest.downloadedAt = new Date().toISOString();
  fs.writeFileSync(path.join(staging, MANIFEST), JSON.stringify(manifest, null, 2));
  publish(staging, final);
  log.info(`${repo}@${revision} ready in ${final}`);
  return final;
}

async function firstOf(want: FileWant, get: (file: string) => Promise<FetchedFile | undefined>): Promise<string | undefined> {
  for (const file of want.candidates) if (await get(file)) return file;
  return undefined;
}

/** Repository paths of the external data files an ONNX file refers to. */
function externalDataFiles(onnxFile: string, root: string): string[] {
  const graph = parseOnnx(fs.readFileSync(onnxFile), onnxFile);
  const files = new Set<string>();
  for (const init of graph.initializers.values()) if (init.location?.external) files.add(init.location.file);
  return [...files].map((f) => {
    const rel = path.relative(root, f);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new DownloadError('hub-bad-onnx', `${path.basename(onnxFile)} points its external data outside the model folder (${f}); refusing to fetch it.`);
    }
    return rel.split(path.sep).join('/');
  });
}

/** Moves the finished staging folder into place, replacing an older copy. */
function publish(staging: string, final: string): void {
  if (fs.existsSync(final)) {
    const old = `${final}.old-${process.pid}-${Date.now()}`;
    fs.renameSync(final, old);
    fs.renameSync(staging, final);
    fs.rmSync(old, { recursive: true, force: true });
  } else {
    fs.renameSync(staging, final);
  }
}

/** Models in the cache that finished downloading (staging folders excluded). */
export function cachedModels(cacheDir: string): { dir: string; manifest: DownloadManifest }[] {
  if (!fs.existsSync(cacheDir)) return [];
  const out: { dir: string; manifest: DownloadManifest }[] = [];
  for (const entry of fs.readdirSync(cacheDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name.includes('.old-')) continue;
    const file = path.join(cacheDir, entry.name, MANIFEST);
    try {
      out.push({ dir: path.join(cacheDir, entry.name), manifest: JSON.parse(fs.readFileSync(file, 'utf8')) as DownloadManifest });
    } catch {
      // No readable manifest: not a finished download.
    }
  }
  return out.sort((a, b) => a.dir.localeCompare(b.dir));
}

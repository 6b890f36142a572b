/**
 * Fetches one file from a hub `resolve` URL into `<dest>.part`, resuming a
 * previous partial transfer with an HTTP Range request, and renames it to
 * `dest` only once its size (and, for LFS files, its SHA-256) is verified.
 *
 * Redirects are followed by hand: the hub answers a large (LFS) file with a
 * redirect to a CDN, and only that first answer carries the file's size and
 * SHA-256 (`X-Linked-Size`, `X-Linked-Etag`); the token is not sent to
 * another host.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { CancelledError, DownloadError } from '../errors';

const MAX_REDIRECTS = 5;
const SHA256 = /^[0-9a-f]{64}$/;

export interface FetchFileOptions {
  token?: string;
  /** Abort when no byte arrives for this long (ms). */
  idleTimeoutMs: number;
  signal?: AbortSignal;
  /** Called as bytes arrive: bytes of this file on disk, and its size when known. */
  onBytes?: (bytes: number, total: number | undefined) => void;
}

export interface FetchedFile {
  bytes: number;
  /** SHA-256 the hub announced and the bytes matched; undefined for small (non-LFS) files. */
  sha256?: string;
  /** The commit the hub resolved the revision to (`X-Repo-Commit`). */
  commit?: string;
  /** True when the transfer continued a partial file. */
  resumed: boolean;
}

/** The answer to a GET: `missing` for 404 (the caller may try another path). */
export type FetchResult = { status: 'ok'; file: FetchedFile } | { status: 'missing' };

interface Announced {
  size?: number;
  sha256?: string;
  commit?: string;
}

export async function fetchFile(url: string, dest: string, options: FetchFileOptions): Promise<FetchResult> {
  const part = dest + '.part';
  const have = fs.existsSync(part) ? fs.statSync(part).size : 0;
  const { response, announced } = await request(url, have, options);
  if (response.status === 404) {
    await response.body?.cancel();
    return { status: 'missing' };
  }
  if (response.status === 416) {
    await response.body?.cancel();
    const size = /^bytes \*\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
    const total = announced.size ?? (size ? Number(size[1]) : undefined);
    // Nothing left to fetch: the partial file is already complete.
    if (have > 0 && total === have) return finish(part, dest, have, announced, url, await hashFile(part, crypto.createHash('sha256')), true);
    // The partial file is not a prefix of this file (it changed on the hub): start over.
    fs.rmSync(part, { force: true });
    return fetchFile(url, dest, options);
  }
  if (response.status !== 200 && response.status !== 206) {
    await response.body?.cancel();
    throw httpError(url, response.status);
  }
  const resumed = response.status === 206 && have > 0 && contentRangeStart(response) === have;
  if (response.status === 206 && !resumed) {
    await response.body?.cancel();
    fs.rmSync(part, { force: true });
    throw new DownloadError('hub-range', `${url} answered a resumed download with the wrong byte range. Try again; the partial file was discarded.`);
  }
  const total = announced.size ?? totalFromHeaders(response, resumed ? have : 0);
  const hash = crypto.createHash('sha256');
  if (resumed) await hashFile(part, hash);
  let bytes = resumed ? have : 0;
  const out = fs.createWriteStream(part, { flags: resumed ? 'a' : 'w' });
  try {
    options.onBytes?.(bytes, total);
    for await (const chunk of readWithIdleTimeout(response, url, options)) {
      hash.update(chunk);
      bytes += chunk.length;
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
      options.onBytes?.(bytes, total);
    }
  } finally {
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
  if (total !== undefined && bytes !== total) {
    // Ended early (connection closed): keep the partial file so that the next attempt resumes.
    if (bytes < total) throw new DownloadError('hub-incomplete', `The transfer of ${url} stopped after ${bytes} of ${total} bytes. Run the download again: it resumes where it stopped.`);
    fs.rmSync(part, { force: true });
    throw new DownloadError('hub-size', `${url} sent ${bytes} bytes but the hub announced ${total}. The file was discarded; try again, or check the mirror.`);
  }
  return finish(part, dest, bytes, announced, url, hash, resumed);
}

function finish(part: string, dest: string, bytes: number, announced: Announced, url: string, hash: crypto.Hash, resumed: boolean): FetchResult {
  const digest = hash.digest('hex');
  if (announced.sha256 && digest !== announced.sha256) {
    fs.rmSync(part, { force: true });
    throw new DownloadError('hub-checksum', `${url} does not match its SHA-256 (got ${digest}, the hub says ${announced.sha256}). The file was discarded; try again, or check the mirror.`);
  }
  fs.renameSync(part, dest);
  return { status: 'ok', file: { bytes, sha256: announced.sha256, commit: announced.commit, resumed } };
}

async function request(url: string, have: number, options: FetchFileOptions): Promise<{ response: Response; announced: Announced }> {
  const announced: Announced = {};
  const origin = new URL(url).origin;
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const headers: Record<string, string> = { 'user-agent': 'bert-lens' };
    if (options.token && new URL(current).origin === origin) headers.authorization = `Bearer ${options.token}`;
    if (have > 0) headers.range = `bytes=${have}-`;
    const response = await withIdleTimeout(current, options, (signal) => fetch(current, { headers, redirect: 'manual', signal }));
    announce(announced, response);
    if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
      await response.body?.cancel();
      current = new URL(response.headers.get('location')!, current).toString();
      continue;
    }
    return { response, announced };
  }
  throw new DownloadError('hub-redirects', `${url} redirected more than ${MAX_REDIRECTS} times. Check the hub endpoint setting.`);
}

/** Keeps the first answer's size, hash and commit (the hub's, not the CDN's). */
function announce(a: Announced, r: Response): void {
  const size = r.headers.get('x-linked-size');
  if (a.size === undefined && size && /^\d+$/.test(size)) a.size = Number(size);
  const etag = r.headers.get('x-linked-etag')?.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
  if (a.sha256 === undefined && etag && SHA256.test(etag)) a.sha256 = etag;
  a.commit ??= r.headers.get('x-repo-commit') ?? undefined;
}

function contentRangeStart(r: Response): number | undefined {
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(r.headers.get('content-range') ?? '');
  return m ? Number(m[1]) : undefined;
}

function totalFromHeaders(r: Response, offset: number): number | undefined {
  const m = /\/(\d+)$/.exec(r.headers.get('content-range') ?? '');
  if (m) return Number(m[1]);
  const len = r.headers.get('content-length');
  return len && /^\d+$/.test(len) ? offset + Number(len) : undefined;
}

function httpError(url: string, status: number): DownloadError {
  if (status === 401 || status === 403) {
    return new DownloadError(
      'hub-unauthorized',
      `${url} answered ${status}: the model is gated or private, or the token is wrong. Accept the model's terms on its hub page, then set a token with read access (command "BERT Lens: Set Hugging Face Token", or --token).`,
    );
  }
  return new DownloadError('hub-http', `${url} answered HTTP ${status}. Try again later, or check the hub endpoint setting.`);
}

async function hashFile(file: string, hash: crypto.Hash): Promise<crypto.Hash> {
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash;
}

/** Runs `start` with a signal that fires on the caller's cancel or after idleTimeoutMs. */
async function withIdleTimeout<T>(url: string, options: FetchFileOptions, start: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const timer = new AbortController();
  const t = setTimeout(() => timer.abort(), options.idleTimeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timer.signal]) : timer.signal;
  try {
    return await start(signal);
  } catch (e) {
    throw translateAbort(e, url, options, timer.signal);
  } finally {
    clearTimeout(t);
  }
}

async function* readWithIdleTimeout(response: Response, url: string, options: FetchFileOptions): AsyncGenerator<Uint8Array> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const onCancel = () => void reader.cancel().catch(() => {});
  options.signal?.addEventListener('abort', onCancel);
  try {
    for (;;) {
      if (options.signal?.aborted) throw new CancelledError();
      let t: NodeJS.Timeout | undefined;
      const idle = new Promise<never>((_, reject) => {
        t = setTimeout(() => reject(timeoutError(url, options)), options.idleTimeoutMs);
      });
      let next: { done: boolean; value?: Uint8Array };
      try {
        next = await Promise.race([reader.read(), idle]);
      } catch (e) {
        throw translateAbort(e, url, options);
      } finally {
        clearTimeout(t);
      }
      // A cancel ends the stream early; that is not the end of the file.
      if (options.signal?.aborted) throw new CancelledError();
      if (next.done || !next.value) return;
      yield next.value;
    }
  } finally {
    options.signal?.removeEventListener('abort', onCancel);
    await reader.cancel().catch(() => {});
  }
}

function translateAbort(e: unknown, url: string, options: FetchFileOptions, timeout?: AbortSignal): unknown {
  if (e instanceof DownloadError || e instanceof CancelledError) return e;
  if (options.signal?.aborted) return new CancelledError();
  if (timeout?.aborted) return timeoutError(url, options);
  const cause = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
  return new DownloadError('hub-network', `Could not reach ${new URL(url).origin} (${cause}). Check the network, a proxy, or the hub endpoint setting; the download resumes where it stopped.`, { cause: e });
}

function timeoutError(url: string, options: FetchFileOptions): DownloadError {
  return new DownloadError(
    'hub-timeout',
    `${new URL(url).origin} sent nothing for ${Math.round(options.idleTimeoutMs / 1000)} s while fetching ${url}. Check the network or the hub endpoint setting, then run the download again: it resumes where it stopped.`,
  );
}

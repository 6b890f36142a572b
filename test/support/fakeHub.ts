/**
 * A Hugging Face hub look-alike on 127.0.0.1 for download tests: serves a
 * folder as `/{repo}/resolve/{revision}/{path}`, answers LFS files with a
 * redirect to a CDN (a second server: another origin, as on the real hub)
 * that carries X-Linked-Size / X-Linked-Etag (SHA-256), supports Range
 * requests, and can misbehave on demand.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';

export interface FakeHubOptions {
  /** Folder served as the repository. */
  root: string;
  repo: string;
  /** Require `Authorization: Bearer <token>` on resolve URLs (a gated model). */
  token?: string;
  /** Paths served as LFS files (redirect to the CDN, SHA-256 announced). */
  lfs?: string[];
  /** Close the connection after this many body bytes, on the first CDN request for the file. */
  cut?: { file: string; after: number };
  /** Send headers and a few bytes of this file, then nothing. */
  stall?: string;
  /** Announce a wrong SHA-256 for this file. */
  wrongSha?: string;
  /** Send this file's CDN body at about this many bytes per second (time to watch progress and cancel). */
  slow?: { file: string; bytesPerSecond: number };
}

export interface SeenRequest {
  url: string;
  range?: string;
  authorization?: string;
}

export const COMMIT = 'c0ffee0000000000000000000000000000000000';

export class FakeHub {
  readonly requests: SeenRequest[] = [];
  private readonly servers: http.Server[];
  private cutDone = false;
  url = '';
  private cdnUrl = '';

  private constructor(private readonly o: FakeHubOptions) {
    this.servers = [http.createServer((req, res) => this.handle(req, res)), http.createServer((req, res) => this.handle(req, res))];
  }

  static async start(o: FakeHubOptions): Promise<FakeHub> {
    const hub = new FakeHub(o);
    const [url, cdnUrl] = await Promise.all(
      hub.servers.map(
        (server) =>
          new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
      ),
    );
    Object.assign(hub, { url, cdnUrl });
    return hub;
  }

  async close(): Promise<void> {
    for (const server of this.servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = decodeURIComponent(req.url ?? '');
    this.requests.push({ url, range: req.headers.range, authorization: req.headers.authorization });
    const cdn = /^\/cdn\/(.+?)(\?.*)?$/.exec(url);
    if (cdn) return this.serve(cdn[1], req, res, true);
    const prefix = `/${this.o.repo}/resolve/main/`;
    if (!url.startsWith(prefix)) return this.end(res, 404, { 'x-error-code': 'RepoNotFound' });
    if (this.o.token && req.headers.authorization !== `Bearer ${this.o.token}`) return this.end(res, 401, { 'x-error-code': 'GatedRepo' });
    const file = url.slice(prefix.length);
    const abs = path.join(this.o.root, file);
    if (!fs.existsSync(abs)) return this.end(res, 404, { 'x-error-code': 'EntryNotFound' });
    if (this.o.lfs?.includes(file)) {
      const bytes = fs.readFileSync(abs);
      const sha = file === this.o.wrongSha ? '0'.repeat(64) : crypto.createHash('sha256').update(bytes).digest('hex');
      return this.end(res, 302, {
        location: `${this.cdnUrl}/cdn/${file}?signature=abc`,
        'x-linked-size': String(bytes.length),
        'x-linked-etag': `"${sha}"`,
        'x-repo-commit': COMMIT,
      });
    }
    this.serve(file, req, res, false);
  }

  private serve(file: string, req: http.IncomingMessage, res: http.ServerResponse, viaCdn: boolean): void {
    const bytes = fs.readFileSync(path.join(this.o.root, file));
    const headers: http.OutgoingHttpHeaders = { 'accept-ranges': 'bytes' };
    if (!viaCdn) headers['x-repo-commit'] = COMMIT;
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) {
      start = Number(range[1]);
      if (start >= bytes.length) return this.end(res, 416, { 'content-range': `bytes */${bytes.length}` });
      headers['content-range'] = `bytes ${start}-${bytes.length - 1}/${bytes.length}`;
    }
    const body = bytes.subarray(start);
    headers['content-length'] = String(body.length);
    res.writeHead(range ? 206 : 200, headers);
    if (viaCdn && this.o.stall === file) {
      res.write(body.subarray(0, 100));
      return; // never ends: the client must time out or cancel
    }
    if (viaCdn && this.o.cut?.file === file && !this.cutDone) {
      this.cutDone = true;
      res.write(body.subarray(0, this.o.cut.after), () => res.socket?.destroy());
      return;
    }
    if (viaCdn && this.o.slow?.file === file) return this.trickle(body, res, this.o.slow.bytesPerSecond);
    res.end(body);
  }

  private trickle(body: Buffer, res: http.ServerResponse, bytesPerSecond: number): void {
    const TICK_MS = 50;
    const chunk = Math.max(1, Math.round((bytesPerSecond * TICK_MS) / 1000));
    let sent = 0;
    const next = () => {
      if (res.destroyed) return; // the client cancelled
      const end = Math.min(body.length, sent + chunk);
      res.write(body.subarray(sent, end));
      sent = end;
      if (sent < body.length) setTimeout(next, TICK_MS);
      else res.end();
    };
    next();
  }

  private end(res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders): void {
    res.writeHead(status, headers);
    res.end();
  }
}

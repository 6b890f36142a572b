import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, test } from 'node:test';
import { analyze } from '../../../src/analyze';
import { CancelledError, DownloadError, InputError } from '../../../src/errors';
import { cachedModels, downloadModel, DownloadProgress, MANIFEST } from '../../../src/hub/download';
import { BertModel } from '../../../src/model/model';
import { fixture, removeDir } from '../helpers';
import { COMMIT, FakeHub, FakeHubOptions } from '../../support/fakeHub';

const REPO = 'acme/tiny-ner';
const ONNX = 'onnx/model.onnx';
/** Idle timeout for the tests that make the server stall. */
const STALL_TIMEOUT_MS = 300;

// The repository as Optimum lays it out: the graph under onnx/.
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-lens-hub-'));
const ROOT = path.join(TMP, 'repo');
fs.mkdirSync(path.join(ROOT, 'onnx'), { recursive: true });
for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) fs.copyFileSync(fixture(`tiny-bert/${f}`), path.join(ROOT, f));
fs.copyFileSync(fixture('tiny-bert/model.onnx'), path.join(ROOT, ONNX));
const ONNX_BYTES = fs.statSync(path.join(ROOT, ONNX)).size;
after(() => removeDir(TMP));

let hub: FakeHub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

let caches = 0;
async function setup(o: Partial<FakeHubOptions> = {}): Promise<{ hub: FakeHub; cache: string }> {
  hub = await FakeHub.start({ root: ROOT, repo: REPO, lfs: [ONNX], ...o });
  return { hub, cache: path.join(TMP, `cache-${caches++}`) };
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

async function rejects(p: Promise<unknown>, code: string, message: RegExp): Promise<DownloadError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DownloadError, `expected a DownloadError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, message);
    return e;
  }
  assert.fail('the download should have failed');
}

test('downloadModel fetches config, tokenizer and the ONNX graph into a folder the engine loads', async () => {
  const { hub, cache } = await setup({ token: 'hf_secret' });
  const progress: DownloadProgress[] = [];
  const dir = await downloadModel(REPO, cache, { endpoint: hub.url, token: 'hf_secret', onProgress: (p) => progress.push(p) });
  assert.equal(dir, path.join(cache, 'acme--tiny-ner@main'));
  assert.equal(sha256(path.join(dir, ONNX)), sha256(path.join(ROOT, ONNX)));
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8'));
  assert.equal(manifest.commit, COMMIT);
  assert.deepEqual(manifest.files.map((f: { path: string }) => f.path), ['config.json', 'tokenizer.json', 'tokenizer_config.json', ONNX]);
  assert.equal(manifest.files[3].sha256, sha256(path.join(ROOT, ONNX)));
  // Progress counts up to the sum of the files.
  const total = manifest.files.reduce((n: number, f: { bytes: number }) => n + f.bytes, 0);
  assert.equal(progress.at(-1)?.bytes, total);
  assert.ok(progress.every((p, i) => i === 0 || p.bytes >= progress[i - 1].bytes));
  assert.ok(progress.some((p) => p.file === ONNX && p.fileTotal === ONNX_BYTES));
  // The token goes to the hub, never to the CDN it redirects to.
  assert.ok(hub.requests.filter((r) => r.url.startsWith('/cdn/')).every((r) => r.authorization === undefined));
  assert.ok(hub.requests.filter((r) => r.url.includes('/resolve/')).every((r) => r.authorization === 'Bearer hf_secret'));
  assert.deepEqual(cachedModels(cache).map((m) => m.manifest.repo), [REPO]);
  assert.equal(fs.readdirSync(path.join(cache, '.staging')).length, 0);

  const model = await BertModel.load(dir, { providers: ['cpu'] });
  try {
    const r = await analyze(model, 'Ada Lovelace visited London.');
    assert.equal(r.tokens.at(-1)?.end, 'Ada Lovelace visited London.'.length);
  } finally {
    await model.dispose();
  }
});

test('an interrupted transfer leaves no model behind and the next attempt resumes with a Range request', async () => {
  const { hub, cache } = await setup({ cut: { file: ONNX, after: 20_000 } });
  await assert.rejects(downloadModel(REPO, cache, { endpoint: hub.url }), (e: unknown) => e instanceof DownloadError && /resumes|Run the download again/.test(e.message));
  assert.deepEqual(cachedModels(cache), []);
  const dir = await downloadModel(REPO, cache, { endpoint: hub.url });
  const ranged = hub.requests.filter((r) => r.url.startsWith('/cdn/') && r.range);
  assert.equal(ranged.length, 1);
  assert.match(ranged[0].range!, /^bytes=(\d+)-$/);
  assert.ok(Number(/\d+/.exec(ranged[0].range!)![0]) > 0);
  assert.equal(sha256(path.join(dir, ONNX)), sha256(path.join(ROOT, ONNX)));
  assert.equal(cachedModels(cache).length, 1);
});

test('a file whose SHA-256 does not match is discarded and the model never appears', async () => {
  const { hub, cache } = await setup({ wrongSha: ONNX });
  await rejects(downloadModel(REPO, cache, { endpoint: hub.url }), 'hub-checksum', /does not match its SHA-256.*discarded/);
  assert.deepEqual(cachedModels(cache), []);
  const staged = path.join(cache, '.staging', 'acme--tiny-ner@main', 'onnx');
  assert.deepEqual(fs.readdirSync(staged), []);
});

test('a gated model without a token says how to get access; an unknown repo names what is missing', async () => {
  const { hub, cache } = await setup({ token: 'hf_secret' });
  await rejects(downloadModel(REPO, cache, { endpoint: hub.url }), 'hub-unauthorized', /401.*gated or private.*token/);
  await rejects(downloadModel(REPO, cache, { endpoint: hub.url, token: 'wrong' }), 'hub-unauthorized', /Set Hugging Face Token/);
  await rejects(downloadModel('acme/nothing-here', cache, { endpoint: hub.url, token: 'hf_secret' }), 'hub-missing-file', /no model config: none of config.json exists/);
  assert.deepEqual(cachedModels(cache), []);
});

test('a repository without an ONNX export says how to get one', async () => {
  const root = path.join(TMP, 'no-onnx');
  fs.mkdirSync(root, { recursive: true });
  fs.copyFileSync(fixture('tiny-bert/config.json'), path.join(root, 'config.json'));
  fs.copyFileSync(fixture('tiny-bert/vocab.txt'), path.join(root, 'vocab.txt'));
  const { hub, cache } = await setup({ root });
  await rejects(downloadModel(REPO, cache, { endpoint: hub.url }), 'hub-missing-file', /no ONNX model: none of onnx\/model.onnx, model.onnx.*optimum-cli export onnx/);
});

test('a server that stops sending times out with a clear message', async () => {
  const { hub, cache } = await setup({ stall: ONNX });
  const t0 = Date.now();
  await rejects(downloadModel(REPO, cache, { endpoint: hub.url, idleTimeoutMs: STALL_TIMEOUT_MS }), 'hub-timeout', /sent nothing for \d+ s.*resumes/);
  assert.ok(Date.now() - t0 < 10 * STALL_TIMEOUT_MS, `took ${Date.now() - t0} ms`);
  assert.deepEqual(cachedModels(cache), []);
});

test('cancelling stops the download at once and keeps nothing visible', async () => {
  const { hub, cache } = await setup({ stall: ONNX });
  const ctl = new AbortController();
  const p = downloadModel(REPO, cache, {
    endpoint: hub.url,
    signal: ctl.signal,
    onProgress: (x) => x.file === ONNX && x.fileBytes > 0 && ctl.abort(),
  });
  await assert.rejects(p, (e: unknown) => e instanceof CancelledError);
  assert.deepEqual(cachedModels(cache), []);
});

test('a repo id that is a URL or climbs out of the cache is refused before any request', async () => {
  const { hub, cache } = await setup();
  for (const bad of ['https://huggingface.co/dslim/bert-base-NER', '../etc/passwd', 'a/b/c', 'two words', '']) {
    await assert.rejects(downloadModel(bad, cache, { endpoint: hub.url }), (e: unknown) => e instanceof InputError && /owner\/name/.test(e.message), bad);
  }
  assert.equal(hub.requests.length, 0);
});

test('downloading again replaces the cached copy in one step', async () => {
  const { hub, cache } = await setup();
  const first = await downloadModel(REPO, cache, { endpoint: hub.url });
  const again = await downloadModel(REPO, cache, { endpoint: hub.url });
  assert.equal(again, first);
  assert.deepEqual(fs.readdirSync(cache).sort(), ['.staging', 'acme--tiny-ner@main']);
  assert.equal(sha256(path.join(again, ONNX)), sha256(path.join(ROOT, ONNX)));
});

/**
 * A 5 MB selection with the bundled model: cancelling returns within 200 ms
 * wherever the analysis is (tokenizing, between runs, inside a run), no model
 * run starts afterwards, the one in flight drains, and the model stays usable.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, test } from 'node:test';
import { analyze } from '../../../src/analyze';
import { BUNDLED_MODEL } from '../../../src/cli/defaultModel';
import { CancelledError } from '../../../src/errors';
import { BertModel } from '../../../src/model/model';
import { gutenbergBooks, SHARED_DATA } from '../helpers';

const CANCEL_MS = 200;
const FIVE_MB = 5 * 1024 * 1024;

let model: BertModel;
let text = '';
/** Model runs started and in flight, counted by wrapping the session. */
let started = 0;
let inflight = 0;

before(async () => {
  model = await BertModel.load(BUNDLED_MODEL, { providers: ['cpu'] });
  const run = model.session.run.bind(model.session);
  model.session.run = async (...args) => {
    started++;
    inflight++;
    try {
      return await run(...args);
    } finally {
      inflight--;
    }
  };
  const books = gutenbergBooks().map((f) => fs.readFileSync(f, 'utf8'));
  for (let i = 0; books.length > 0 && text.length < FIVE_MB; i++) text += books[i % books.length] + '\n\n';
  text = text.slice(0, FIVE_MB);
});
after(() => model?.dispose());

/** Starts a 5 MB analysis, aborts when `when` says so, and returns how long the rejection took after the abort. */
async function cancelLatency(when: (ctl: AbortController, progress: number) => void): Promise<{ ms: number; runsBefore: number; progressAfter: number }> {
  const ctl = new AbortController();
  let abortedAt = 0;
  let runsBefore = 0;
  let progressAfter = 0;
  ctl.signal.addEventListener('abort', () => {
    abortedAt = performance.now();
    runsBefore = started;
  });
  const pending = analyze(model, text, {
    signal: ctl.signal,
    onProgress: (done) => {
      if (ctl.signal.aborted) progressAfter++;
      else when(ctl, done);
    },
  });
  when(ctl, 0);
  await assert.rejects(pending, CancelledError);
  return { ms: performance.now() - abortedAt, runsBefore, progressAfter };
}

/** Waits until the run in flight at the cancel (if any) has finished, and says how long that took. */
async function drained(): Promise<number> {
  const t = performance.now();
  while (inflight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  return performance.now() - t;
}

test('the 5 MB text is there to cancel', (t) => {
  if (text.length < FIVE_MB) return t.skip(`no Gutenberg text under ${SHARED_DATA}`);
  assert.equal(text.length, FIVE_MB);
});

test('cancelling while the 5 MB text is being tokenized returns within 200 ms and runs nothing', async (t) => {
  if (text.length < FIVE_MB) return t.skip('no text');
  const runs = started;
  const r = await cancelLatency((ctl, done) => {
    if (done === 0) setTimeout(() => ctl.abort(), 150);
  });
  console.log(`cancel during tokenization: rejected ${r.ms.toFixed(1)} ms after the abort`);
  assert.ok(r.ms <= CANCEL_MS, `took ${r.ms.toFixed(0)} ms`);
  assert.equal(started, runs, 'a model run started although the tokenizer had not finished');
});

for (const [where, afterProgress, delayMs] of [
  ['between model runs', 2, 0],
  ['in the middle of a model run', 3, 40],
  ['late in a model run', 5, 65],
] as const) {
  test(`cancelling ${where} returns within 200 ms; no run starts afterwards and the one in flight drains`, async (t) => {
    if (text.length < FIVE_MB) return t.skip('no text');
    const r = await cancelLatency((ctl, done) => {
      if (done !== afterProgress) return;
      if (delayMs === 0) ctl.abort();
      else setTimeout(() => ctl.abort(), delayMs);
    });
    const drainMs = await drained();
    await new Promise((resolve) => setTimeout(resolve, 300));
    console.log(`cancel ${where}: rejected ${r.ms.toFixed(1)} ms after the abort; the run in flight drained ${drainMs.toFixed(0)} ms later`);
    assert.ok(r.ms <= CANCEL_MS, `took ${r.ms.toFixed(0)} ms`);
    assert.equal(started, r.runsBefore, 'a model run started after the abort');
    assert.equal(r.progressAfter, 0, 'progress was reported after the abort');
    assert.ok(drainMs <= 1000, `the run in flight took ${drainMs.toFixed(0)} ms to finish`);
    assert.equal(inflight, 0);
  });
}

test('after the cancels the model still analyses a sentence', async () => {
  const s = 'Angela Merkel visited the Microsoft office in Seattle.';
  const r = await analyze(model, s);
  assert.deepEqual(
    r.spans.map((x) => `${x.label}:${x.text}`),
    ['PER:Angela Merkel', 'ORG:Microsoft', 'LOC:Seattle'],
  );
});

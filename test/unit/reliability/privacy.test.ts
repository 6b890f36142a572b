/**
 * Nothing leaves the machine: with every network entry point of Node wrapped
 * (sockets, TLS, DNS, HTTP(S), fetch, UDP), loading the bundled model,
 * analysing with every analysis on, preparing the panel's messages, a UMAP
 * projection and the CLI's HTML report open no connection and resolve no name.
 * (The Hugging Face download command is the one part that goes online, and
 * only when the user asks for a model; its tests use a server on 127.0.0.1.)
 */
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import dns from 'node:dns';
import * as fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import tls from 'node:tls';
import { after, before, test } from 'node:test';
import { analyze } from '../../../src/analyze';
import { attentionLayer, panelResult } from '../../../src/analysis/panelData';
import { umapProjection } from '../../../src/analysis/umap';
import { BUNDLED_MODEL } from '../../../src/cli/defaultModel';
import { main } from '../../../src/cli/main';
import { BertModel } from '../../../src/model/model';

const calls: string[] = [];
const restores: (() => void)[] = [];

/** Replaces `obj[name]` by a function that records the call and throws. */
function forbid(obj: object, name: string, what: string): void {
  const target = obj as Record<string, unknown>;
  const original = target[name];
  if (typeof original !== 'function') return;
  target[name] = (...args: unknown[]) => {
    calls.push(`${what}(${args.map((a) => (typeof a === 'string' ? a : typeof a)).join(', ')})`);
    throw new Error(`network access: ${what}`);
  };
  restores.push(() => (target[name] = original));
}

before(() => {
  forbid(net, 'connect', 'net.connect');
  forbid(net, 'createConnection', 'net.createConnection');
  forbid(net.Socket.prototype, 'connect', 'net.Socket.connect');
  forbid(tls, 'connect', 'tls.connect');
  for (const f of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) {
    forbid(dns, f, `dns.${f}`);
    forbid(dns.promises, f, `dns.promises.${f}`);
  }
  forbid(http, 'request', 'http.request');
  forbid(http, 'get', 'http.get');
  forbid(https, 'request', 'https.request');
  forbid(https, 'get', 'https.get');
  forbid(dgram, 'createSocket', 'dgram.createSocket');
  forbid(globalThis, 'fetch', 'fetch');
});
after(() => restores.forEach((r) => r()));

test('the network hooks catch a connection attempt (so the tests below can fail)', async () => {
  assert.throws(() => http.get('http://127.0.0.1:9/'), /network access/);
  await assert.rejects(async () => fetch('http://127.0.0.1:9/'), /network access/);
  assert.equal(calls.length, 2);
  calls.length = 0;
});

test('load, analyze with attention, rollout, positions and hidden states, panel messages and UMAP: no network', async () => {
  const model = await BertModel.load(BUNDLED_MODEL, { providers: ['cpu'] });
  try {
    const r = await analyze(model, 'Angela Merkel visited the Microsoft office in Seattle. '.repeat(3), { attention: true, rollout: true, positions: true, hiddenStates: true });
    assert.ok(r.spans.length > 0 && r.attention && r.attention.length > 0);
    const panel = panelResult(r);
    assert.ok(panel.tokens.length > 0);
    await attentionLayer(r.attention[0], 0);
    await attentionLayer(r.attention[0], 'rollout');
    const pos = model.positionMatrix();
    assert.ok(pos);
    const points = await umapProjection(pos.data.subarray(0, 64 * pos.cols), 64, pos.cols);
    assert.equal(points.length, 128);
  } finally {
    await model.dispose();
  }
  assert.deepEqual(calls, []);
});

test('the CLI writes its HTML report without touching the network, and the report loads nothing from outside', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-lens-privacy-'));
  try {
    const input = path.join(dir, 'in.txt');
    const report = path.join(dir, 'report.html');
    fs.writeFileSync(input, 'Ada Lovelace was born in London.');
    const out: string[] = [];
    const code = await main(['analyze', input, '--html', report], { out: (s) => out.push(s), err: (s) => out.push(s), readStdin: () => '' });
    assert.equal(code, 0, out.join(''));
    const html = fs.readFileSync(report, 'utf8');
    assert.doesNotMatch(html, /(src|href)\s*=\s*["']?(https?:)?\/\//i, 'the report references a remote resource');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(calls, []);
});

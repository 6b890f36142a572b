/**
 * The panel cannot reach the network, even if something in it tried: under
 * its Content-Security-Policy a fetch, an image, a script, a stylesheet, a
 * WebSocket and a beacon aimed at a server on 127.0.0.1 all fail, and the
 * server sees no request. Document text with markup aimed at the same server
 * is shown as text.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { closeBrowser, openPanel } from './harness';
import { engineHost, recordAnalysis, Recorded } from './fixture';

/* eslint-disable @typescript-eslint/no-explicit-any -- browser globals inside page callbacks (no DOM types here) */
declare const document: any;
declare const window: any;
declare const navigator: any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const requests: string[] = [];
const server = http.createServer((req, res) => {
  requests.push(`${req.method} ${req.url}`);
  res.end('x');
});
let origin = '';
let rec: Recorded;

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  rec = await recordAnalysis(`Angela Merkel visited Seattle. <img src="${origin}/text-img"> <link rel="stylesheet" href="${origin}/text-css"> <script src="${origin}/text-js"></script>`);
});
after(async () => {
  await rec?.model.dispose();
  await closeBrowser();
  server.close();
});

test('fetch, image, script, stylesheet, WebSocket and beacon to 127.0.0.1 are all blocked; the server sees nothing', async () => {
  const panel = await openPanel({ theme: 'dark', host: engineHost(rec) });
  await panel.send(rec.show);
  await panel.page.waitForSelector('.entities-view .entity');
  const outcome = await panel.page.evaluate(async (o: string) => {
    const tries: Record<string, string> = {};
    try {
      await fetch(`${o}/fetch`);
      tries.fetch = 'loaded';
    } catch {
      tries.fetch = 'blocked';
    }
    const load = (tag: string, attr: string, extra: Record<string, string> = {}) =>
      new Promise<string>((resolve) => {
        const el = document.createElement(tag);
        Object.entries(extra).forEach(([k, v]) => el.setAttribute(k, v));
        el.onload = () => resolve('loaded');
        el.onerror = () => resolve('blocked');
        el.setAttribute(attr, `${o}/${tag}`);
        document.body.appendChild(el);
        setTimeout(() => resolve('blocked'), 3000);
      });
    tries.img = await load('img', 'src');
    tries.script = await load('script', 'src');
    tries.link = await load('link', 'href', { rel: 'stylesheet' });
    tries.websocket = await new Promise<string>((resolve) => {
      try {
        const ws = new window.WebSocket(o.replace('http', 'ws') + '/ws');
        ws.onopen = () => resolve('loaded');
        ws.onerror = () => resolve('blocked');
      } catch {
        resolve('blocked');
      }
    });
    try {
      tries.beacon = navigator.sendBeacon(`${o}/beacon`, 'x') ? 'queued' : 'blocked';
    } catch {
      tries.beacon = 'blocked';
    }
    return tries;
  }, origin);
  await panel.page.waitForTimeout(500);
  console.log(`panel network attempts: ${JSON.stringify(outcome)}; server saw ${requests.length} requests`);
  // sendBeacon only queues (it returns true); the CSP drops it later, which the server's empty log shows.
  assert.deepEqual(outcome, { fetch: 'blocked', img: 'blocked', script: 'blocked', link: 'blocked', websocket: 'blocked', beacon: 'queued' });
  await panel.page.waitForTimeout(500);
  assert.deepEqual(requests, []);
  // The markup in the analysed text is text, not elements.
  assert.match(await panel.page.locator('.entities-view .text').innerText(), /<img src="http:\/\/127\.0\.0\.1:\d+\/text-img">/);
  assert.ok(panel.errors.some((e) => /Content Security Policy/i.test(e)), 'the CSP reported the violations');
  await panel.close();
});

/**
 * A bert-base-sized model (12 layers x 12 heads, hidden 768, random weights,
 * generated into the ignored bench/.models/) on a 510-token text: the panel
 * gets a real analysis of one full 512-token window and shows every tab
 * without freezing. What the tabs cost is printed; the targets live in
 * bench/ (issue: webview benchmark), this test checks that the views work at
 * that size and that no single task blocks the page for seconds.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureRandomModel, randomModelDir } from '../../../bench/randomModels';
import { loadBook, textWithTokens } from '../../../bench/texts';
import { analyze } from '../../../src/analyze';
import { attentionLayer, panelResult } from '../../../src/analysis/panelData';
import { BertModel } from '../../../src/model/model';
import type { AnalysisResult, HostToWebviewMessage } from '../../../src/protocol';
import { closeBrowser, openPanel, PanelPage } from './harness';

/* eslint-disable @typescript-eslint/no-explicit-any -- browser globals inside page callbacks */
declare const document: any;
declare const window: any;
declare const PerformanceObserver: any;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** A task this long means the panel froze (a tab drawn as one SVG element per cell takes far longer). */
const FROZEN_MS = 2000;
const CONTENT_TOKENS = 510;

let model: BertModel | undefined;
let result: AnalysisResult;
let show: HostToWebviewMessage;
let skip: string | undefined;

before(async () => {
  skip = ensureRandomModel('bench/.models/base', 'base');
  if (skip) return;
  model = await BertModel.load(randomModelDir('base'), { providers: ['cpu'] });
  const { text } = await textWithTokens(model.tokenizer, loadBook(), CONTENT_TOKENS);
  result = await analyze(model, text, { attention: true, positions: true });
  show = { type: 'analysis/show', result: panelResult(result), text };
});
after(async () => {
  model?.dispose();
  await closeBrowser();
});

function bytesOf(v: unknown): number {
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + bytesOf(x), 0);
  if (v && typeof v === 'object') return Object.values(v).reduce((n: number, x) => n + bytesOf(x), 0);
  return typeof v === 'string' ? v.length * 2 : 8;
}

/** Longest main-thread task since the observer started, in ms. */
const longestTask = (panel: PanelPage) => panel.page.evaluate(() => window.__longest as number);

test('a bert-base-sized 512-token result shows in every tab without freezing the panel', async (t) => {
  if (skip) return t.skip(skip);
  const a = result.attention![0];
  assert.deepEqual([a.layers, a.heads, a.seq], [12, 12, 512]);
  const showBytes = bytesOf(show);
  const layerBytes = (await attentionLayer(a, 0)).data.byteLength;
  assert.ok(showBytes < 8e6, `analysis/show is ${(showBytes / 1e6).toFixed(1)} MB (the float attention alone would be ${(a.data.byteLength / 1e6).toFixed(0)} MB)`);

  const panel = await openPanel({
    theme: 'dark',
    host: async (m, p) => {
      if (m.type === 'attention/request') await p.send({ type: 'attention/layer', window: m.window, layer: m.layer, weights: await attentionLayer(a, m.layer) });
    },
  });
  await panel.page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((list: { getEntries(): { duration: number }[] }) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const timings: string[] = [];
  const time = async (what: string, step: () => Promise<unknown>) => {
    const t0 = Date.now();
    await step();
    timings.push(`${what} ${Date.now() - t0} ms`);
  };
  await time('entities', async () => {
    await panel.send(show);
    await panel.page.waitForFunction((n: number) => document.querySelectorAll('.entities-view .token').length === n, result.tokens.length);
  });
  await time('attention head view', async () => {
    await panel.page.locator('vscode-panel-tab#tab-attention').click();
    await panel.page.waitForSelector('.attention-view[data-state="ready"]', { timeout: 60_000 });
  });
  assert.ok(Number(await panel.page.locator('.attention-head-canvas').getAttribute('data-lines')) > 0);
  await time('model view', async () => {
    await panel.page.evaluate(() => {
      const dd = document.querySelector('vscode-dropdown[aria-label="View"]');
      dd.value = 'model';
      dd.dispatchEvent(new window.Event('change'));
    });
    await panel.page.waitForSelector('.attention-grid-canvas[data-thumbs="144"]');
  });
  await time('matrix view', async () => {
    await panel.page.evaluate(() => {
      const dd = document.querySelector('vscode-dropdown[aria-label="View"]');
      dd.value = 'matrix';
      dd.dispatchEvent(new window.Event('change'));
    });
    await panel.page.waitForSelector(`.attention-matrix-canvas[data-cells="${512 * 512}"]`);
  });
  // Layer switches in the head view, once the layers are fetched: how long the view takes to draw (data-render-ms).
  const switches: number[] = [];
  for (const [what, value] of [['View', 'head'], ['Layer', '1'], ['Layer', '2'], ['Layer', '3'], ['Layer', '1'], ['Layer', '2'], ['Layer', '3']]) {
    await panel.page.evaluate(([l, v]: string[]) => {
      const dd = document.querySelector(`vscode-dropdown[aria-label="${l}"]`);
      dd.value = v;
      dd.dispatchEvent(new window.Event('change'));
    }, [what, value]);
    await panel.page.waitForFunction(() => document.querySelector('.attention-view').dataset.state === 'ready', undefined, { timeout: 60_000 });
    if (what === 'Layer') switches.push(Number(await panel.page.locator('.attention-view').getAttribute('data-render-ms')));
  }
  const cached = switches.slice(3).sort((x, y) => x - y);
  timings.push(`cached layer switch ${cached[Math.floor(cached.length / 2)]} ms median (${cached[0]}-${cached[cached.length - 1]})`);
  await time('positions', async () => {
    await panel.page.locator('vscode-panel-tab#tab-positions').click();
    await panel.page.waitForSelector('.positions-scatter[data-points="512"]');
  });
  const cells = await panel.page.locator('.positions-heatmap-image').evaluateAll((cs: { dataset: { cells: string } }[]) => cs.map((c) => c.dataset.cells));
  assert.deepEqual(cells, [String(512 * 512), String(512 * 512)]);
  await time('model', () => panel.page.locator('vscode-panel-tab#tab-model').click().then(() => panel.page.waitForSelector('.model-view .facts')));
  const longest = await longestTask(panel);
  await panel.screenshot('base-model-dark');
  console.log(`bert-base-sized, 512 tokens: analysis/show ${(showBytes / 1e6).toFixed(2)} MB, a layer ${(layerBytes / 1e6).toFixed(1)} MB; ${timings.join(', ')}; longest task ${longest.toFixed(0)} ms`);
  assert.ok(longest < FROZEN_MS, `the longest task took ${longest} ms`);
  assert.deepEqual(panel.errors, []);
  await panel.close();
});

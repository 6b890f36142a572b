/**
 * The panel in headless Chromium with a real analysis by the bundled model,
 * in light, dark and high-contrast themes: all four tabs, their controls
 * and keyboard, lazily fetched attention layers and UMAP, loading/error/empty
 * states, state kept across a reload, export.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { closeBrowser, openPanel, PanelPage } from './harness';
import { engineHost, recordAnalysis, Recorded, TEXT } from './fixture';
import type { ThemeKind } from './themes';

/* eslint-disable @typescript-eslint/no-explicit-any -- browser globals inside page callbacks (no DOM types here) */
declare const document: any;
declare const window: any;
declare const sessionStorage: any;
type HTMLElement = any;
declare const Event: any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const THEMES: ThemeKind[] = ['light', 'dark', 'high-contrast'];
let rec: Recorded;

before(async () => {
  rec = await recordAnalysis();
});
after(async () => {
  rec?.model.dispose();
  await closeBrowser();
});

async function shown(theme: ThemeKind): Promise<PanelPage> {
  const panel = await openPanel({ theme, host: engineHost(rec) });
  await panel.send(rec.show);
  await panel.page.waitForSelector('.entities-view .entity');
  return panel;
}

for (const theme of THEMES) {
  describe(`in the ${theme} theme`, () => {
    test('the Entities tab shows one chip per entity with its label and score, and every token in the strip', async () => {
      const panel = await shown(theme);
      const chips = await panel.page.locator('.entities-view .entity').allInnerTexts();
      assert.deepEqual(
        chips,
        rec.result.spans.map((s) => `${s.text}${s.label} ${Math.round(100 * s.score)}%`),
      );
      assert.equal(await panel.page.locator('.entities-view .token').count(), rec.result.tokens.length);
      // Without the chips' labels, the text box holds exactly the analysed text.
      const plain = await panel.page.locator('.entities-view .text').evaluate((box: HTMLElement) => {
        const copy = box.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.entity-label').forEach((l: HTMLElement) => l.remove());
        return copy.textContent;
      });
      assert.equal(plain, rec.text);
      await panel.screenshot(`entities-${theme}`);
      assert.deepEqual(panel.errors, []);
      await panel.close();
    });

    test('the Attention tab draws the head view of layer 0 from a layer fetched on request', async () => {
      const panel = await shown(theme);
      await panel.page.locator('vscode-panel-tab#tab-attention').click();
      await panel.page.waitForSelector('.attention-view[data-state="ready"]');
      assert.deepEqual(panel.posted.find((m) => m.type === 'attention/request'), { type: 'attention/request', window: 0, layer: 0 });
      const lines = Number(await panel.page.locator('.attention-head-canvas').getAttribute('data-lines'));
      assert.ok(lines > rec.result.tokens.length, `${lines} lines drawn`);
      await panel.screenshot(`attention-${theme}`);
      assert.deepEqual(panel.errors, []);
      await panel.close();
    });

    test('the Positions tab plots all 512 positions, marks the used ones, and draws both similarity maps and the token bars', async () => {
      const panel = await shown(theme);
      await panel.page.locator('vscode-panel-tab#tab-positions').click();
      await panel.page.waitForSelector('.positions-scatter[data-points="512"]');
      const pos = rec.result.positions!;
      assert.equal(await panel.page.locator('.positions-scatter').getAttribute('data-used'), String(pos.used.length));
      const cells = await panel.page.locator('.positions-heatmap-image').evaluateAll((cs: HTMLElement[]) => cs.map((c) => c.dataset.cells));
      assert.deepEqual(cells, [String(512 * 512), String(512 * 512)]);
      assert.equal(await panel.page.locator('svg.positions-bars').getAttribute('data-bars'), String(rec.result.tokens.length));
      await panel.screenshot(`positions-${theme}`);
      assert.deepEqual(panel.errors, []);
      await panel.close();
    });

    test('the Model tab lists the model, its sizes, the provider and the timings', async () => {
      const panel = await shown(theme);
      await panel.page.locator('vscode-panel-tab#tab-model').click();
      const facts = await panel.page.locator('.model-view .facts').innerText();
      assert.match(facts, /bert-lens-ner/);
      assert.match(facts, /Layers\s+4/);
      assert.match(facts, /Heads\s+4/);
      assert.match(facts, /Provider\s+cpu/);
      assert.match(facts, /Attention\s+exported by the model/);
      assert.ok((await panel.page.locator('.model-view .timings rect').count()) >= 3);
      await panel.screenshot(`model-${theme}`);
      assert.deepEqual(panel.errors, []);
      await panel.close();
    });
  });
}

/** Sets a toolkit dropdown (found by its label) as a user's pick would. */
async function choose(panel: PanelPage, label: string, value: string): Promise<void> {
  await panel.page.evaluate(([l, v]: string[]) => {
    const dd = document.querySelector(`vscode-dropdown[aria-label="${l}"]`);
    dd.value = v;
    dd.dispatchEvent(new Event('change'));
  }, [label, value]);
}

async function attentionState(panel: PanelPage): Promise<Record<string, unknown>> {
  return ((await panel.state()) as { attention: Record<string, unknown> }).attention;
}

describe('attention', () => {
  test('the matrix view paints one cell per token pair, fewer without [CLS]/[SEP], and one per word pair at word level', async () => {
    const panel = await shown('dark');
    await panel.page.locator('vscode-panel-tab#tab-attention').click();
    await choose(panel, 'View', 'matrix');
    const matrix = panel.page.locator('.attention-matrix-canvas');
    const a = rec.result.attention![0];
    await panel.page.waitForSelector(`.attention-matrix-canvas[data-cells="${a.seq * a.seq}"]`);
    await panel.page.locator('vscode-checkbox', { hasText: 'Hide special tokens' }).click();
    await panel.page.waitForSelector(`.attention-matrix-canvas[data-cells="${(a.seq - 2) * (a.seq - 2)}"]`);
    await choose(panel, 'Level', 'word');
    const words = a.wordGroups.length - 2;
    await panel.page.waitForSelector(`.attention-matrix-canvas[data-cells="${words * words}"]`);
    assert.ok(words < a.seq - 2, 'sub-words were merged');
    // Arrow keys move a cell cursor; the tooltip names both tokens and the weight.
    await matrix.focus();
    await panel.page.keyboard.press('ArrowRight');
    await panel.page.keyboard.press('ArrowDown');
    assert.equal(await matrix.getAttribute('data-cursor'), '1,1');
    assert.match(await panel.page.locator('.attention-tooltip:not([hidden])').innerText(), /→ .+: \d\.\d{4}$/);
    await panel.screenshot('attention-matrix-dark');
    assert.deepEqual(panel.errors, []);
    await panel.close();
  });

  test('another layer is fetched when picked, the model view shows every layer x head, and Enter on one opens it large', async () => {
    const panel = await shown('light');
    await panel.page.locator('vscode-panel-tab#tab-attention').click();
    await panel.page.waitForSelector('.attention-view[data-state="ready"]');
    await choose(panel, 'Layer', '2');
    await panel.page.waitForFunction(() => document.querySelector('.attention-view').dataset.state === 'ready');
    assert.ok(panel.posted.some((m) => m.type === 'attention/request' && m.layer === 2));
    await choose(panel, 'View', 'model');
    const grid = panel.page.locator('.attention-grid-canvas');
    await grid.waitFor();
    assert.equal(await grid.getAttribute('data-thumbs'), String(rec.result.model.layers * rec.result.model.heads));
    // The cursor starts on the layer shown (2, all heads -> head 0).
    await grid.focus();
    await panel.page.keyboard.press('ArrowDown');
    await panel.page.keyboard.press('ArrowRight');
    await panel.page.keyboard.press('Enter');
    const s = await attentionState(panel);
    assert.deepEqual([s.mode, s.layer, s.head], ['matrix', 3, 1]);
    await panel.screenshot('attention-model-light');
    await panel.close();
  });

  test('rollout is asked for once and drawn as its own matrix', async () => {
    const panel = await shown('dark');
    await panel.page.locator('vscode-panel-tab#tab-attention').click();
    await choose(panel, 'View', 'matrix');
    await panel.page.locator('vscode-checkbox', { hasText: 'Rollout' }).click();
    const a = rec.result.attention![0];
    await panel.page.waitForSelector(`.attention-matrix-canvas[data-cells="${a.seq * a.seq}"]`);
    await panel.page.waitForFunction(() => document.querySelector('.attention-view').dataset.state === 'ready');
    assert.equal(panel.posted.filter((m) => m.type === 'attention/request' && m.layer === 'rollout').length, 1);
    assert.match(await panel.page.locator('.attention-matrix-canvas').getAttribute('aria-label') ?? '', /rollout/i);
    await panel.close();
  });

  test('an entity picked in the Entities tab is focused in the Attention tab', async () => {
    const panel = await shown('dark');
    const span = rec.result.spans[1];
    await panel.page.locator('.entities-view .entity').nth(1).click();
    await panel.page.locator('.to-attention').click();
    await panel.page.waitForSelector('.attention-view[data-state="ready"]');
    assert.equal(await panel.page.locator('vscode-panels').evaluate((p: { activeid: string }) => p.activeid), 'tab-attention');
    assert.deepEqual(((await panel.state()) as { focus: unknown }).focus, { tokenStart: span.tokenStart, tokenEnd: span.tokenEnd });
    const a = rec.result.attention![0];
    const from = a.tokenIndex.indexOf(span.tokenStart);
    assert.equal(await panel.page.locator('.attention-head-canvas').getAttribute('data-band'), `${from},${from + span.tokenEnd - span.tokenStart}`);
    assert.match(await panel.page.locator('.attention-head-canvas').getAttribute('aria-label') ?? '', new RegExp(`Focused on "${span.text.split(' ')[0]}`));
    await panel.screenshot('attention-focus-dark');
    await panel.close();
  });

  test('mode, layer, head and zoom survive a reload', async () => {
    const panel = await shown('dark');
    await panel.page.locator('vscode-panel-tab#tab-attention').click();
    await choose(panel, 'View', 'matrix');
    await choose(panel, 'Layer', '3');
    await choose(panel, 'Head', '1');
    const matrix = panel.page.locator('.attention-matrix-canvas');
    await panel.page.waitForFunction(() => document.querySelector('.attention-view').dataset.state === 'ready');
    const box = (await matrix.boundingBox())!;
    await panel.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await panel.page.mouse.wheel(0, -400);
    await panel.page.waitForFunction(() => Number(document.querySelector('.attention-matrix-canvas').dataset.zoom) > 1);
    const zoom = await matrix.getAttribute('data-zoom');
    const before = await attentionState(panel);
    await panel.page.reload();
    await panel.page.waitForFunction(() => document.querySelector('.attention-view')?.dataset.state === 'ready');
    assert.deepEqual(await attentionState(panel), before);
    assert.equal(await panel.page.locator('.attention-matrix-canvas').getAttribute('data-zoom'), zoom);
    await panel.close();
  });
});

describe('positions', () => {
  test('UMAP is computed by the host on request and replaces the PCA points', async () => {
    const panel = await shown('dark');
    await panel.page.locator('vscode-panel-tab#tab-positions').click();
    await choose(panel, 'Projection', 'umap');
    await panel.page.waitForSelector('.positions-scatter[data-projection="umap"][data-points="512"]', { timeout: 60_000 });
    assert.equal(panel.posted.filter((m) => m.type === 'positions/request').length, 1);
    await panel.screenshot('positions-umap-dark');
    assert.deepEqual(panel.errors, []);
    await panel.close();
  });

  test('arrow keys step through positions and name their nearest neighbours; the 3D view rotates', async () => {
    const panel = await shown('light');
    await panel.page.locator('vscode-panel-tab#tab-positions').click();
    const scatter = panel.page.locator('.positions-scatter');
    await scatter.focus();
    await panel.page.keyboard.press('Home');
    await panel.page.keyboard.press('ArrowRight');
    assert.equal(await scatter.getAttribute('data-selected'), '1');
    const nearest = await panel.page.locator('.positions-nearest li').allInnerTexts();
    assert.equal(nearest.length, 5);
    assert.match(nearest[0], /^\d+ · cosine -?\d\.\d{3}/);
    await choose(panel, 'Projection', 'pca3d');
    const yaw = ((await panel.state()) as { positions: { yaw: number } }).positions.yaw;
    const box = (await scatter.boundingBox())!;
    await panel.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await panel.page.mouse.down();
    await panel.page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2, { steps: 4 });
    await panel.page.mouse.up();
    const after = ((await panel.state()) as { positions: { yaw: number } }).positions.yaw;
    assert.notEqual(after, yaw, 'dragging rotates the 3D projection');
    await panel.screenshot('positions-3d-light');
    await panel.close();
  });
});

describe('behaviour', () => {
  test('a text run in stride windows shows where each window\'s labels begin, and Attention offers every window', async () => {
    const r = await recordAnalysis(TEXT, { maxLength: 16, stride: 4 });
    assert.ok(r.result.windows.length >= 3, `${r.result.windows.length} windows`);
    const panel = await openPanel({ theme: 'light', host: engineHost(r) });
    await panel.send(r.show);
    const boundaries = await panel.page.locator('.entities-view .boundary').allInnerTexts();
    assert.deepEqual(boundaries, r.result.windows.map((w) => `▏window ${w.index + 1}`));
    assert.equal(await panel.page.locator('.entities-view .token').count(), r.result.tokens.length);
    await panel.page.locator('vscode-panel-tab#tab-attention').click();
    await choose(panel, 'Window', '2');
    await panel.page.waitForFunction(() => document.querySelector('.attention-view').dataset.state === 'ready');
    assert.ok(panel.posted.some((m) => m.type === 'attention/request' && m.window === 2 && m.layer === 0));
    r.model.dispose();
    await panel.close();
  });

  test('every tab exports a PNG, an SVG and its data as JSON', async () => {
    const panel = await shown('dark');
    for (const tab of ['entities', 'attention', 'positions', 'model']) {
      await panel.page.locator(`vscode-panel-tab#tab-${tab}`).click();
      if (tab === 'attention') await panel.page.waitForSelector('.attention-view[data-state="ready"]');
      for (const f of ['png', 'svg', 'json']) await panel.page.locator(`.export-${f}`).click();
      await panel.page.waitForFunction(() => true);
    }
    const exports = panel.posted.filter((m) => m.type === 'export') as { format: string; view: string; data: string }[];
    assert.deepEqual(exports.map((e) => `${e.view}.${e.format}`), ['entities', 'attention', 'positions', 'model'].flatMap((v) => ['png', 'svg', 'json'].map((f) => `${v}.${f}`)));
    for (const e of exports) {
      if (e.format === 'png') assert.deepEqual([...Buffer.from(e.data.split(',')[1], 'base64').subarray(1, 4)], [0x50, 0x4e, 0x47], `${e.view} PNG`);
      if (e.format === 'svg') assert.match(e.data, /^<svg[\s\S]*<\/svg>$/, `${e.view} SVG`);
      if (e.format === 'json') assert.doesNotThrow(() => JSON.parse(e.data), `${e.view} JSON`);
    }
    await panel.close();
  });

  test('every control and chart in every tab can be reached with Tab, and charts say what they show', async () => {
    const panel = await shown('high-contrast');
    for (const tab of ['attention', 'positions']) {
      await panel.page.locator(`vscode-panel-tab#tab-${tab}`).click();
      await panel.page.waitForTimeout(300);
      const unreachable = await panel.page.evaluate((t: string) => {
        const view = document.querySelector(`#view-${t}`);
        const items = [...view.querySelectorAll('vscode-dropdown, vscode-checkbox, vscode-button, input, canvas[role="img"], svg[role="img"]')].filter((e: HTMLElement) => e.offsetParent !== null || e.closest('svg'));
        // Legends are labelled pictures, not something to interact with: they need a label, not focus.
        const interactive = (e: HTMLElement) => !/legend/.test(e.getAttribute('class') ?? '');
        return items
          .filter((e: HTMLElement) => (interactive(e) && e.tabIndex < 0 && !e.closest('[tabindex="0"]')) || (e.getAttribute('role') === 'img' && !e.getAttribute('aria-label')))
          .map((e: HTMLElement) => e.outerHTML.slice(0, 80));
      }, tab);
      assert.deepEqual(unreachable, [], tab);
    }
    await panel.close();
  });

  test('switching the aggregation strategy re-aggregates without asking the host', async () => {
    const panel = await shown('dark');
    const before = panel.posted.length;
    await panel.page.evaluate(() => {
      const dd = document.querySelector('.entities-view vscode-dropdown.strategy');
      dd.value = 'none';
      dd.dispatchEvent(new Event('change'));
    });
    const labels = await panel.page.locator('.entities-view .entity .entity-label').allInnerTexts();
    const expected = rec.result.tokens.filter((t) => t.label !== 'O').map((t) => t.label);
    assert.deepEqual(labels.map((l) => l.split(' ')[0]), expected);
    assert.equal(panel.posted.length, before, 'no message to the host');
    assert.equal(((await panel.state()) as { strategy: string }).strategy, 'none');
    await panel.close();
  });

  test('clicking a chip selects its exact characters in the editor and focuses its tokens', async () => {
    const panel = await shown('light');
    const span = rec.result.spans[1];
    await panel.page.locator('.entities-view .entity').nth(1).click();
    const reveal = panel.posted.find((m) => m.type === 'token/reveal');
    assert.deepEqual(reveal, { type: 'token/reveal', start: span.start, end: span.end });
    assert.equal(rec.text.slice(span.start, span.end), span.text);
    const focused = await panel.page.locator('.entities-view .token.focused').count();
    assert.equal(focused, span.tokenEnd - span.tokenStart);
    await panel.close();
  });

  test('arrow keys move through the tokens and Enter selects one', async () => {
    const panel = await shown('light');
    await panel.page.locator('.entities-view .token').first().focus();
    await panel.page.keyboard.press('ArrowRight');
    await panel.page.keyboard.press('ArrowRight');
    await panel.page.keyboard.press('Enter');
    const t = rec.result.tokens[2];
    assert.deepEqual(panel.posted.at(-1), { type: 'token/reveal', start: t.start, end: t.end });
    await panel.close();
  });

  test('with attention and positions turned off, their tabs say so and how to turn them on', async () => {
    const r = await recordAnalysis(TEXT, { attention: false, positions: false });
    const panel = await openPanel({ theme: 'dark' });
    await panel.send(r.show);
    await panel.page.locator('vscode-panel-tab#tab-attention').click();
    assert.match(await panel.page.locator('.attention-empty').innerText(), /not computed[\s\S]*bertLens\.outputs\.attention is off/);
    await panel.page.locator('vscode-panel-tab#tab-positions').click();
    assert.match(await panel.page.locator('.positions-empty').innerText(), /bertLens\.outputs\.positions is off/);
    assert.equal(panel.posted.filter((m) => m.type === 'attention/request').length, 0);
    r.model.dispose();
    await panel.close();
  });

  test('progress, error and cleared states say what is happening', async () => {
    const panel = await openPanel({ theme: 'dark' });
    assert.match(await panel.page.locator('#app').innerText(), /Select text and run/);
    await panel.send({ type: 'analysis/progress', window: 2, windows: 5 });
    assert.match(await panel.page.locator('.status').innerText(), /window 2 of 5/);
    await panel.send({ type: 'analysis/error', message: 'Model folder /x does not exist. Point to a folder with model.onnx.' });
    assert.match(await panel.page.locator('.status-error').innerText(), /Model folder \/x does not exist/);
    await panel.send(rec.show);
    await panel.page.waitForSelector('.status', { state: 'hidden' });
    await panel.send({ type: 'analysis/clear' });
    assert.match(await panel.page.locator('#app').innerText(), /Annotations cleared/);
    await panel.close();
  });

  test('the tab, strategy and focus survive a reload, and the panel asks for its analysis again', async () => {
    const panel = await shown('dark');
    await panel.page.locator('vscode-panel-tab#tab-model').click();
    await panel.page.waitForFunction(() => JSON.parse(sessionStorage.getItem('vscodeState') ?? '{}').tab === 'model');
    await panel.page.reload();
    const ready = panel.posted.filter((m) => m.type === 'ready').at(-1);
    assert.deepEqual(ready, { type: 'ready', restore: (rec.show as { source: unknown }).source });
    await panel.page.waitForSelector('.model-view .facts');
    assert.equal(await panel.page.locator('vscode-panels').evaluate((p: { activeid: string }) => p.activeid), 'tab-model');
    await panel.close();
  });

  test('Export sends the view as PNG, SVG and JSON to the host', async () => {
    const panel = await shown('light');
    for (const f of ['png', 'svg', 'json']) await panel.page.locator(`.export-${f}`).click();
    await panel.page.waitForFunction(() => true);
    const exports = panel.posted.filter((m) => m.type === 'export') as { format: string; view: string; data: string }[];
    assert.deepEqual(exports.map((e) => [e.view, e.format]), [['entities', 'png'], ['entities', 'svg'], ['entities', 'json']]);
    assert.match(exports[0].data, /^data:image\/png;base64,/);
    assert.ok(Buffer.from(exports[0].data.split(',')[1], 'base64').length > 1000);
    assert.match(exports[1].data, /^<svg[^>]*>.*Merkel/s);
    assert.equal(JSON.parse(exports[2].data).spans.length, rec.result.spans.length);
    await panel.close();
  });

  test('markup in the analysed text is shown as text and never runs', async () => {
    const text = 'Angela Merkel <img src=x onerror="window.__pwned=1"> met <b>Obama</b> in Paris.';
    const r = await recordAnalysis(text);
    const panel = await openPanel({ theme: 'dark' });
    await panel.send(r.show);
    await panel.page.waitForSelector('.entities-view .text');
    assert.match(await panel.page.locator('.entities-view .text').innerText(), /<img src=x onerror="window.__pwned=1">/);
    assert.equal(await panel.page.locator('.entities-view img').count(), 0);
    assert.equal(await panel.page.evaluate(() => window.__pwned as number | undefined), undefined);
    r.model.dispose();
    await panel.close();
  });
});

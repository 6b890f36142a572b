/**
 * The panel in headless Chromium with a real analysis by the bundled model,
 * in light, dark and high-contrast themes: the Entities and Model tabs,
 * loading/error/empty states, state kept across a reload, export.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { closeBrowser, openPanel, PanelPage } from './harness';
import { engineHost, recordAnalysis, Recorded } from './fixture';
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

describe('behaviour', () => {
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

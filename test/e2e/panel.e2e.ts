/**
 * BERT Lens driven as a user drives it, in a real VS Code (code-server) in
 * headless Chromium: open a file, select all, run "BERT Lens: Analyze
 * Selection" from the command palette; the status bar names the model and
 * provider, the panel shows the entities, clicking one selects it in the
 * editor, HTML in the analysed text is shown as text, never run, the
 * Attention, Positions and Model tabs show the same result, and after a
 * window reload the panel comes back on the same tab with its analysis.
 *
 *   node dist/test/e2e/panel.e2e.js [--vsix FILE] [SCREENSHOT_DIR]
 *
 * With --vsix the packaged extension is installed into VS Code first and is
 * the one driven (what users get); without it, this checkout is loaded as the
 * extension under development.
 * Screenshots (editor with decorations and hover, then the panel) go to
 * test/e2e/out/ (ignored); look at them before landing UI changes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { printExtensionLog, REPO, startCodeServer } from '../integration/codeServer';
import { analyzeFile, openWorkbench, ROOMY, runCommand, statusBar, UI_TIMEOUT_MS, vsixArg } from './workbench';

const TEXT = 'Angela Merkel visited the Microsoft office in Seattle.\nNote: <img src=x onerror="window.__bertLensXss=1"> <script>window.__bertLensXss=2</script>\n';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const vsix = vsixArg(args);
  const shots = path.resolve(args[0] ?? path.join(REPO, 'test', 'e2e', 'out'));
  fs.mkdirSync(shots, { recursive: true });
  const vscode = await startCodeServer({ vsix: vsix && path.resolve(vsix), settings: ROOMY });
  try {
    fs.writeFileSync(path.join(vscode.workspace, 'notes.txt'), TEXT);
    const page = await openWorkbench(vscode, vsix);
    await analyzeFile(page, 'notes.txt');

    // The status bar names the model and the provider in use.
    await statusBar(page, /BERT Lens: bert-lens-ner · cpu/);

    // The panel shows the entities, as text.
    const panel = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await panel.locator('mark.entity').first().waitFor({ timeout: UI_TIMEOUT_MS });
    const chips = await panel.locator('mark.entity .entity-text').allInnerTexts();
    assert.deepEqual(chips.slice(0, 3), ['Angela Merkel', 'Microsoft', 'Seattle']);
    const body = panel.locator('#app');
    assert.match(await body.innerText(), /<img src=x onerror="window.__bertLensXss=1">/);
    const injected = await body.evaluate((el) => ({
      images: el.ownerDocument.querySelectorAll('#app img').length,
      scripts: el.ownerDocument.querySelectorAll('#app script').length,
      ran: el.ownerDocument.defaultView.__bertLensXss ?? null,
    }));
    assert.deepEqual(injected, { images: 0, scripts: 0, ran: null });
    // Entity chips take the contributed theme colours (webviews see them as --vscode-bertLens-entity.PER).
    const chipBackground = await panel.locator('mark.entity').first().evaluate((el) => String((el.ownerDocument.defaultView.getComputedStyle as (e: unknown) => { backgroundColor: string })(el).backgroundColor));
    assert.notEqual(chipBackground, 'rgba(0, 0, 0, 0)', 'the PER chip has the theme colour as background');

    // Entity decorations are drawn in the editor, and hovering a name explains it.
    assert.ok((await page.locator('.monaco-editor .view-line span[class*="ced-"]').count()) > 0, 'decorations drawn');
    await page.locator('.monaco-editor .view-line span[class*="ced-"]').first().hover(); // "Angela Merkel"
    const hover = page.locator('.monaco-hover-content');
    await hover.first().waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await hover.first().innerText(), /^PER \d+(\.\d)?%[\s\S]*Pieces: (Angela|Merkel)[\s\S]*Position id \d+[\s\S]*Show attention for this token/);
    await page.waitForTimeout(500); // the hover fades in
    await page.screenshot({ path: path.join(shots, 'editor-hover.png') });
    await page.keyboard.press('Escape'); // the hover would cover the panel
    await page.locator('.statusbar').first().hover();
    // Clicking an entity in the panel selects its text in the editor ("(7 selected)" for Seattle).
    await panel.locator('mark.entity >> text=Seattle').first().click();
    await statusBar(page, /\(7 selected\)/);
    await page.screenshot({ path: path.join(shots, 'editor-panel.png') });

    // The other three tabs show the same result: attention (its layers fetched from the host), positions, model.
    await panel.locator('vscode-panel-tab#tab-attention').click();
    await panel.locator('.attention-view[data-state="ready"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await panel.locator('.attention-head-canvas[data-lines]:not([data-lines="0"])').waitFor({ timeout: UI_TIMEOUT_MS }); // lines drawn
    await page.screenshot({ path: path.join(shots, 'panel-attention.png') });
    await panel.locator('vscode-panel-tab#tab-positions').click();
    await panel.locator('.positions-scatter[data-points="512"]').waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await panel.locator('.positions-heatmap-image').count(), 2);
    await page.screenshot({ path: path.join(shots, 'panel-positions.png') });
    await panel.locator('vscode-panel-tab#tab-model').click();
    assert.match(await panel.locator('.model-view .facts').innerText(), /bert-lens-ner[\s\S]*Layers\s+4[\s\S]*Provider\s+cpu/);

    // After a window reload the serializer revives the panel, which asks for its analysis again: same tab, same result.
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForSelector('.monaco-workbench', { timeout: UI_TIMEOUT_MS });
    await panel.locator('.model-view .facts').waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await panel.locator('.model-view .facts').innerText(), /bert-lens-ner/);
    await panel.locator('vscode-panel-tab#tab-entities').click();
    assert.deepEqual((await panel.locator('mark.entity .entity-text').allInnerTexts()).slice(0, 3), ['Angela Merkel', 'Microsoft', 'Seattle']);
    console.log(`UI (${vsix ? `installed ${path.basename(vsix)}` : 'extension under development'}): palette, decorations, hover, status bar, panel entities, attention, positions and model tabs, reveal in editor, no script from the text, panel and its analysis restored after a reload: ok; screenshots in ${shots}`);
  } catch (e) {
    printExtensionLog(vscode.dir);
    throw e;
  } finally {
    vscode.stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`UI test failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);

/**
 * BERT Lens driven as a user drives it, in a real VS Code (code-server) in
 * headless Chromium: open a file, select all, run "BERT Lens: Analyze
 * Selection" from the command palette; the status bar names the model and
 * provider, the panel shows the entities, clicking one selects it in the
 * editor, and HTML in the analysed text is shown as text, never run.
 *
 *   node dist/test/e2e/panel.e2e.js [SCREENSHOT_DIR]
 *
 * Screenshots (editor with decorations and hover, then the panel) go to
 * test/e2e/out/ (ignored); look at them before landing UI changes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Page, printExtensionLog, REPO, startCodeServer } from '../integration/codeServer';

const TEXT = 'Angela Merkel visited the Microsoft office in Seattle.\nNote: <img src=x onerror="window.__bertLensXss=1"> <script>window.__bertLensXss=2</script>\n';
const UI_TIMEOUT_MS = 60_000;

async function runCommand(page: Page, title: string): Promise<void> {
  // Retry until the extension's command is registered and listed.
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(title, { delay: 5 });
    try {
      await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`, { timeout: 3000 });
      await page.keyboard.press('Enter');
      return;
    } catch {
      await page.keyboard.press('Escape');
      if (attempt > 20) throw new Error(`command not in the palette: ${title}`);
      await page.waitForTimeout(1000);
    }
  }
}

async function main(): Promise<void> {
  const shots = path.resolve(process.argv[2] ?? path.join(REPO, 'test', 'e2e', 'out'));
  fs.mkdirSync(shots, { recursive: true });
  const vscode = await startCodeServer();
  try {
    fs.writeFileSync(path.join(vscode.workspace, 'notes.txt'), TEXT);
    const page = await (await vscode.browser()).newPage({ viewport: { width: 1280, height: 800 } });
    const payload = JSON.stringify([['extensionDevelopmentPath', vscode.remote(REPO)], ['skipWelcome', 'true']]);
    await page.goto(`${vscode.url}/?folder=${encodeURIComponent(vscode.workspace)}&payload=${encodeURIComponent(payload)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: UI_TIMEOUT_MS });
    // Open the file with Quick Open, select everything, analyse.
    await page.waitForTimeout(2000);
    await page.keyboard.press('Control+P');
    await page.keyboard.type('notes.txt', { delay: 5 });
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="notes.txt"]', { timeout: UI_TIMEOUT_MS });
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: UI_TIMEOUT_MS });
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+A');
    await runCommand(page, 'BERT Lens: Analyze Selection');

    // The status bar names the model and the provider in use.
    const status = page.locator('.statusbar-item >> text=/BERT Lens: bert-lens-ner · cpu/');
    await status.first().waitFor({ timeout: UI_TIMEOUT_MS });

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

    // Entity decorations are drawn in the editor, and hovering a name explains it.
    assert.ok((await page.locator('.monaco-editor .view-line span[class*="ced-"]').count()) > 0, 'decorations drawn');
    await page.locator('.monaco-editor .view-line span:has-text("Merkel")').first().hover();
    const hover = page.locator('.monaco-hover-content');
    await hover.first().waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await hover.first().innerText(), /PER[\s\S]*Pieces:[\s\S]*Position id \d+[\s\S]*Show attention for this token/);
    await page.screenshot({ path: path.join(shots, 'editor-hover.png') });
    await page.keyboard.press('Escape'); // the hover would cover the panel
    await page.locator('.statusbar').first().hover();
    // Clicking an entity in the panel selects its text in the editor ("(7 selected)" for Seattle).
    await panel.locator('mark.entity >> text=Seattle').first().click();
    await page.locator('.statusbar-item >> text=/\\(7 selected\\)/').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.screenshot({ path: path.join(shots, 'editor-panel.png') });
    console.log(`e2e: palette, decorations, hover, status bar, panel entities, reveal in editor, no script from the text: ok; screenshots in ${shots}`);
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
    console.error(`e2e failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);

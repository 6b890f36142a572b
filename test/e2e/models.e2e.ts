/**
 * Model management driven through VS Code's UI, as a user does it:
 * Choose Model… -> Open Folder… picks a model folder; a broken folder gives
 * an error notification with "Open Log" and the previous model keeps
 * working; Download Model… from a hub look-alike on 127.0.0.1 shows byte
 * counts, is cancelled from its notification, and the next attempt resumes
 * the partial file (a Range request) and makes the model the one in use.
 *
 *   node dist/test/e2e/models.e2e.js [--vsix FILE]
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Locator, Page, printExtensionLog, REPO, startCodeServer } from '../integration/codeServer';
import { FakeHub } from '../support/fakeHub';
import { analyzeFile, answer, openWorkbench, pick, ROOMY, runCommand, statusBar, UI_TIMEOUT_MS, vsixArg } from './workbench';

const TEXT = 'Angela Merkel visited the Microsoft office in Seattle.\n';
const BUNDLED = path.join(REPO, 'models', 'bert-lens-ner');

/**
 * The notification whose text matches, in the notification centre: headless
 * Chromium does not always draw toasts, so the centre is opened and left open
 * (notifications that arrive while it is closed are not drawn either).
 */
async function notification(page: Page, text: RegExp) {
  if ((await page.locator('.notifications-center.visible').count()) === 0) await runCommand(page, 'Notifications: Show Notifications');
  return page.locator('.notifications-center .notification-list-item').filter({ hasText: text }).first();
}

/**
 * Choose Model -> Open Folder…, then VS Code's own folder dialog: enter the
 * folder's path (the dialog goes into it and lists only ".."), then its OK
 * button. OK must not be pressed while a row is active: it would open that
 * row, and for ".." VS Code 1.139 then leaves the dialog busy for good, so
 * every later press is ignored. Under load the row list lags the typed value,
 * so wait until value and rows agree and nothing is active.
 */
async function chooseFolder(page: Page, dir: string): Promise<void> {
  await runCommand(page, 'BERT Lens: Choose Model');
  await pick(page, 'Open Folder');
  const input = page.locator('.quick-input-widget input').first();
  for (let attempt = 0; !(await enterFolder(page, input, dir + '/')); attempt++) {
    if (attempt === 4) throw new Error(`the folder dialog did not settle on ${dir} with no row active`);
  }
  await page.locator('.quick-input-widget .monaco-button:has-text("Use this model folder")').first().click();
  await page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: UI_TIMEOUT_MS });
}

/** Enters `value` into the dialog; true once it lists only ".." with no row active, for a whole second. */
async function enterFolder(page: Page, input: Locator, value: string): Promise<boolean> {
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await input.fill(value);
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const active = page.locator('.quick-input-list .monaco-list-row.focused, .quick-input-list .monaco-list-row[aria-selected="true"]');
  let calm = 0;
  for (let waited = 0; waited < 20_000; waited += 250) {
    const settled = (await input.inputValue()) === value && (await rows.count()) === 1 &&
      (await page.locator('.quick-input-list .monaco-list-row[aria-label=".."]').count()) === 1 && (await active.count()) === 0;
    calm = settled ? calm + 250 : 0;
    if (calm >= 1000) return true;
    await page.waitForTimeout(250);
  }
  return false;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const vsix = vsixArg(args);
  const hub = await FakeHub.start({ root: BUNDLED, repo: 'acme/lens-ner', lfs: ['model.onnx'], slow: { file: 'model.onnx', bytesPerSecond: 2e6 } });
  const vscode = await startCodeServer({ vsix: vsix && path.resolve(vsix), settings: { ...ROOMY, 'bertLens.hub.endpoint': hub.url } });
  let page: Page | undefined;
  try {
    fs.writeFileSync(path.join(vscode.workspace, 'notes.txt'), TEXT);
    const mine = path.join(vscode.workspace, 'my-ner');
    fs.cpSync(path.join(REPO, 'test', 'fixtures', 'tiny-bert'), mine, { recursive: true });
    const broken = path.join(vscode.workspace, 'broken-ner');
    fs.cpSync(mine, broken, { recursive: true });
    fs.writeFileSync(path.join(broken, 'model.onnx'), fs.readFileSync(path.join(mine, 'model.onnx')).subarray(0, 5000));

    page = await openWorkbench(vscode, vsix);
    await analyzeFile(page, 'notes.txt');
    await statusBar(page, /BERT Lens: bert-lens-ner · cpu/);

    // Choose Model -> Open Folder: the folder's model is used from the next analysis on.
    await chooseFolder(page, mine);
    await statusBar(page, /BERT Lens: my-ner/);
    await analyzeFile(page, 'notes.txt');
    await statusBar(page, /BERT Lens: my-ner · cpu/);
    console.log('choose model folder: ok');

    // A broken model: an error notification naming the file, with Open Log; the previous model still answers.
    await chooseFolder(page, broken);
    await analyzeFile(page, 'notes.txt');
    const error = await notification(page, /model\.onnx/);
    await error.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await error.innerText(), /Open Log/);
    await statusBar(page, /BERT Lens: my-ner · cpu/);
    console.log(`broken model: "${(await error.innerText()).split('\n').pop()}", previous model kept: ok`);

    // Download Model: byte counts in the notification, cancelled there, then resumed.
    await runCommand(page, 'BERT Lens: Download Model');
    await answer(page, 'BERT Lens: Download Model', 'acme/lens-ner');
    const progress = await notification(page, /downloading acme\/lens-ner: model\.onnx: \d+\.\d of 22\.\d MB/);
    await progress.waitFor({ timeout: UI_TIMEOUT_MS });
    const shown = await progress.innerText();
    await progress.locator('.monaco-button:has-text("Cancel")').first().click();
    await progress.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    console.log(`download progress "${shown.split('\n').pop()}", cancelled: ok`);
    await runCommand(page, 'BERT Lens: Download Model');
    await answer(page, 'BERT Lens: Download Model', 'acme/lens-ner');
    await statusBar(page, /BERT Lens: .*lens-ner@main/);
    const ranges = hub.requests.filter((r) => r.url.startsWith('/cdn/model.onnx') && r.range).map((r) => r.range);
    assert.ok(ranges.some((r) => /^bytes=[1-9]\d*-$/.test(r ?? '')), `the second download resumes model.onnx (ranges seen: ${ranges.join(', ') || 'none'})`);
    await analyzeFile(page, 'notes.txt');
    await statusBar(page, /BERT Lens: .*lens-ner@main · cpu/);
    console.log(`download resumed with ${ranges.join(', ')}, model in use: ok`);
  } catch (e) {
    await page?.screenshot({ path: path.join(REPO, 'test', 'e2e', 'out', 'models-failure.png') });
    printExtensionLog(vscode.dir);
    throw e;
  } finally {
    vscode.stop();
    await hub.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`UI test failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);

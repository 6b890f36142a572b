/**
 * Driving VS Code's workbench as a user does (keyboard, palette, quick input),
 * shared by the UI tests in this folder.
 */
import { CodeServer, Page, REPO } from '../integration/codeServer';

export const UI_TIMEOUT_MS = 60_000;

/** Settings that give the editor and the panel room side by side, long lines wrapped. */
export const ROOMY = { 'editor.wordWrap': 'on', 'workbench.secondarySideBar.defaultVisibility': 'hidden' };

/** Takes `--vsix FILE` out of argv: the packaged extension to install, instead of this checkout. */
export function vsixArg(args: string[]): string | undefined {
  const at = args.indexOf('--vsix');
  return at < 0 ? undefined : args.splice(at, 2)[1];
}

/** Opens the workspace in Chromium, with this checkout as the extension under development unless a .vsix is installed. */
export async function openWorkbench(vscode: CodeServer, vsix: string | undefined): Promise<Page> {
  const page = await (await vscode.browser()).newPage({ viewport: { width: 1280, height: 800 } });
  const payload = JSON.stringify([...(vsix ? [] : [['extensionDevelopmentPath', vscode.remote(REPO)]]), ['skipWelcome', 'true']]);
  await page.goto(`${vscode.url}/?folder=${encodeURIComponent(vscode.workspace)}&payload=${encodeURIComponent(payload)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: UI_TIMEOUT_MS });
  await page.waitForTimeout(2000);
  await runCommand(page, 'View: Close Primary Side Bar');
  return page;
}

/** Runs a palette command by its title, retrying until it is registered and listed. */
export async function runCommand(page: Page, title: string): Promise<void> {
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

/** Picks the quick-pick row whose label contains `label`. */
export async function pick(page: Page, label: string): Promise<void> {
  await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${label}"]`).first().click();
}

/** Types into the open quick input, replacing what is there. */
export async function type(page: Page, text: string): Promise<void> {
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.locator('.quick-input-widget input').first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text, { delay: 2 });
}

/** Waits for the input box titled `title`, types into it and presses Enter. */
export async function answer(page: Page, title: string, text: string): Promise<void> {
  await page.waitForSelector(`.quick-input-widget .quick-input-title:has-text("${title}")`, { timeout: UI_TIMEOUT_MS });
  await type(page, text);
  await page.keyboard.press('Enter');
}

/** Opens a workspace file with Quick Open, selects all of it and runs Analyze Selection. */
export async function analyzeFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.keyboard.type(name, { delay: 5 });
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`, { timeout: UI_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: UI_TIMEOUT_MS });
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+A');
  await runCommand(page, 'BERT Lens: Analyze Selection');
}

/** Waits for the status bar entry that matches. */
export async function statusBar(page: Page, text: RegExp): Promise<void> {
  await page.locator(`.statusbar-item >> text=${text}`).first().waitFor({ timeout: UI_TIMEOUT_MS });
}

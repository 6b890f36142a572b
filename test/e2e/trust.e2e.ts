/**
 * Workspace trust, in a real VS Code with trust enabled: in an untrusted
 * (Restricted Mode) workspace, the workspace's bertLens.modelPath is ignored
 * and the user's is used; once the user trusts the workspace, its setting
 * applies. A cloned repository cannot point BERT Lens at a model of its
 * choosing until you trust it.
 *
 *   node dist/test/e2e/trust.e2e.js [--vsix FILE]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { printExtensionLog, REPO, startCodeServer } from '../integration/codeServer';
import { analyzeFile, openWorkbench, ROOMY, runCommand, statusBar, UI_TIMEOUT_MS, vsixArg } from './workbench';

const TEXT = 'Angela Merkel visited the Microsoft office in Seattle.\n';
/** The user's model: the test fixture (its name, tiny-bert, shows in the status bar). */
const USER_MODEL = path.join(REPO, 'test', 'fixtures', 'tiny-bert');

async function main(): Promise<void> {
  const vsix = vsixArg(process.argv.slice(2));
  const vscode = await startCodeServer({
    vsix: vsix && path.resolve(vsix),
    workspaceTrust: true,
    // No startup prompt: the folder opens in Restricted Mode, as an untrusted clone would once its prompt is dismissed.
    settings: { ...ROOMY, 'security.workspace.trust.startupPrompt': 'never', 'bertLens.modelPath': USER_MODEL },
  });
  try {
    // The repository's own settings point at a model folder inside it.
    fs.mkdirSync(path.join(vscode.workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(vscode.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'bertLens.modelPath': path.join(vscode.workspace, 'planted-model') }));
    fs.writeFileSync(path.join(vscode.workspace, 'notes.txt'), TEXT);
    const page = await openWorkbench(vscode, vsix);
    await page.locator('.statusbar-item >> text=/Restricted Mode/').first().waitFor({ timeout: UI_TIMEOUT_MS });

    // Untrusted: the user's model runs, the planted one is not even looked at.
    await analyzeFile(page, 'notes.txt');
    await statusBar(page, /BERT Lens: tiny-bert · cpu/);
    console.log('untrusted workspace: workspace modelPath ignored, user modelPath used: ok');

    // Trusted: the workspace's setting applies (its folder does not exist, so the status bar names it and the analysis says so).
    await runCommand(page, 'Workspaces: Manage Workspace Trust');
    await page.locator('.workspace-trust-editor .monaco-button >> text=/^Trust$/').first().click();
    await statusBar(page, /BERT Lens: planted-model/);
    console.log('after trusting the workspace, its modelPath applies: ok');
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

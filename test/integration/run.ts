/**
 * Runs the integration suite (suite/index.ts) inside a real VS Code's
 * extension host (code-server, see codeServer.ts); its exit code is ours.
 *
 *   node dist/test/integration/run.js
 */
import * as path from 'node:path';
import { printExtensionLog, REPO, startCodeServer } from './codeServer';

const SUITE_TIMEOUT_MS = 10 * 60_000;

async function main(): Promise<number> {
  const t0 = Date.now();
  const vscode = await startCodeServer();
  try {
    const page = await (await vscode.browser()).newPage();
    let finish: (code: number | string) => void = () => {};
    const finished = new Promise<number | string>((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => console.log(...args));
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', vscode.remote(REPO)],
      ['extensionTestsPath', vscode.remote(path.join(REPO, 'dist', 'test', 'integration', 'suite', 'index.js'))],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(`${vscode.url}/?folder=${encodeURIComponent(vscode.workspace)}&payload=${encodeURIComponent(payload)}`);
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS));
    const code = await Promise.race([finished, timeout]);
    console.log(`VS Code ${code === 'timeout' ? 'did not finish' : `exited with code ${code}`} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (code !== 0) printExtensionLog(vscode.dir);
    return code === 0 ? 0 : 1;
  } catch (e) {
    console.error(`integration run failed: ${e instanceof Error ? e.message : String(e)}\nserver log: ${path.join(vscode.dir, 'server.log')}`);
    return 1;
  } finally {
    vscode.stop();
  }
}

main().then((code) => process.exit(code));

/**
 * Starts a real VS Code (code-server, offline) with BERT Lens loaded from
 * this checkout and prints the URL to open in a browser. Ctrl+C stops it.
 *
 *   npm run vscode [-- FOLDER]
 */
import * as path from 'node:path';
import { REPO, startCodeServer } from './codeServer';

async function main(): Promise<void> {
  const vscode = await startCodeServer();
  const folder = path.resolve(process.argv[2] ?? path.join(REPO, 'samples'));
  const payload = JSON.stringify([['extensionDevelopmentPath', vscode.remote(REPO)], ['skipWelcome', 'true']]);
  console.log(`VS Code with BERT Lens: ${vscode.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`);
  console.log('Open it in a browser, select text, run "BERT Lens: Analyze Selection" (Ctrl+Alt+B). Ctrl+C stops the server.');
  process.on('SIGINT', () => {
    vscode.stop();
    process.exit(0);
  });
  await new Promise(() => {});
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});

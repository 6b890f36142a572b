/**
 * The same integration suite in a desktop VS Code, for developers with a
 * display and network (@vscode/test-electron downloads VS Code; CI cannot,
 * and runs run.ts in code-server instead).
 *
 *   npm run build && node dist/test/integration/desktop.js
 */
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const REPO = path.resolve(__dirname, '..', '..', '..');

runTests({
  version: '1.90.0',
  extensionDevelopmentPath: REPO,
  extensionTestsPath: path.join(REPO, 'dist', 'test', 'integration', 'suite', 'index.js'),
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
}).catch((e) => {
  console.error(`desktop integration run failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

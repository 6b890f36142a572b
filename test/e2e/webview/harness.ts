/**
 * The panel page in headless Chromium, without VS Code: the same markup and
 * CSP as the real panel (extension/core/panelMarkup.ts), the built bundle
 * from dist/panel, a theme's CSS variables, and a stand-in for VS Code's
 * webview API. A `host` callback in Node answers the panel's messages (the
 * tests answer with the real engine's functions on a real analysis).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { panelMarkup } from '../../../extension/core/panelMarkup';
import { launchChromium } from '../../integration/codeServer';
import type { HostToWebviewMessage, WebviewToHostMessage } from '../../../src/protocol';
import { theme, ThemeKind } from './themes';

export const REPO = path.resolve(__dirname, '..', '..', '..', '..');
export const SHOTS = path.join(REPO, 'test', 'e2e', 'out', 'webview');

/* eslint-disable @typescript-eslint/no-explicit-any -- page callbacks run in the browser, typed there as any */
export interface Page {
  goto(url: string): Promise<unknown>;
  reload(): Promise<unknown>;
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  exposeFunction(name: string, fn: (...args: any[]) => unknown): Promise<void>;
  addInitScript(fn: (arg: any) => void, arg?: unknown): Promise<void>;
  waitForSelector(selector: string, o?: { timeout?: number; state?: string }): Promise<unknown>;
  waitForFunction<A>(fn: (arg: A) => unknown, arg?: A, o?: { timeout?: number }): Promise<unknown>;
  waitForTimeout(ms: number): Promise<void>;
  locator(selector: string, o?: { hasText?: string | RegExp }): Locator;
  keyboard: { press(key: string): Promise<void> };
  mouse: { move(x: number, y: number, o?: { steps?: number }): Promise<void>; click(x: number, y: number): Promise<void>; down(): Promise<void>; up(): Promise<void>; wheel(dx: number, dy: number): Promise<void> };
  screenshot(o: { path: string; fullPage?: boolean }): Promise<unknown>;
  on(event: 'console' | 'pageerror', fn: (m: any) => void): void;
  close(): Promise<void>;
}
export interface Locator {
  count(): Promise<number>;
  click(o?: { position?: { x: number; y: number } }): Promise<void>;
  hover(o?: { position?: { x: number; y: number } }): Promise<void>;
  focus(): Promise<void>;
  press(key: string): Promise<void>;
  innerText(): Promise<string>;
  allInnerTexts(): Promise<string[]>;
  getAttribute(name: string): Promise<string | null>;
  waitFor(o?: { timeout?: number; state?: string }): Promise<void>;
  first(): Locator;
  nth(i: number): Locator;
  locator(selector: string, o?: { hasText?: string | RegExp }): Locator;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
  evaluate<T, A = undefined>(fn: (el: any, arg: A) => T, arg?: A): Promise<T>;
  evaluateAll<T>(fn: (els: any[]) => T): Promise<T>;
}
interface Browser {
  newPage(o?: { viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}
/** Browser globals used inside page callbacks (this Node project has no DOM types). */
declare const window: any;
declare const document: any;
declare const sessionStorage: any;
declare const MutationObserver: any;
declare function atob(s: string): string;
/* eslint-enable @typescript-eslint/no-explicit-any */

const READY_TIMEOUT_MS = 15_000;

function withTimeout<T>(p: Promise<T>, ms: number, why: () => string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(why())), ms)))]).finally(() => clearTimeout(timer));
}

let browser: Promise<Browser> | undefined;

export function launch(): Promise<Browser> {
  browser ??= launchChromium<Browser>();
  return browser;
}

export async function closeBrowser(): Promise<void> {
  const b = browser;
  browser = undefined;
  if (b) await (await b).close();
}

/** Typed arrays do not survive Playwright's argument passing: they travel as base64 with their type. */
export function encode(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const v = value as Uint8Array;
    return { __typed: value.constructor.name, b64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  }
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  return value;
}

export type Host = (message: WebviewToHostMessage, panel: PanelPage) => void | Promise<void>;

export interface PanelPage {
  page: Page;
  /** Every message the panel posted, in order. */
  posted: WebviewToHostMessage[];
  /** Errors thrown in the page, and console errors (a CSP violation is one). */
  errors: string[];
  send(message: HostToWebviewMessage): Promise<void>;
  /** The state the panel last saved with setState. */
  state(): Promise<unknown>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface OpenOptions {
  theme: ThemeKind;
  host?: Host;
  /** Folder with the built main.js and main.css (default dist/panel). */
  webviewDir?: string;
  viewport?: { width: number; height: number };
}

/** Opens the panel page in a new tab and waits for its `ready` message. */
export async function openPanel(o: OpenOptions): Promise<PanelPage> {
  const dir = o.webviewDir ?? path.join(REPO, 'dist', 'panel');
  if (!fs.existsSync(path.join(dir, 'main.js'))) throw new Error(`${dir}/main.js is missing: run npm run build first.`);
  fs.mkdirSync(SHOTS, { recursive: true });
  const t = theme(o.theme);
  const nonce = 'harnessNonce0123456789';
  const html = panelMarkup({ cspSource: 'file:', scriptUri: `file://${dir}/main.js`, styleUri: `file://${dir}/main.css`, nonce })
    .replace('<body>', `<body class="${t.bodyClass}" data-vscode-theme-kind="${t.bodyClass}">`);
  const file = path.join(SHOTS, `panel-${o.theme}.html`);
  fs.writeFileSync(file, html);

  const page = await (await launch()).newPage({ viewport: o.viewport ?? { width: 1100, height: 900 } });
  const posted: WebviewToHostMessage[] = [];
  const errors: string[] = [];
  page.on('pageerror', (e: Error) => errors.push(String(e)));
  page.on('console', (m: { type(): string; text(): string }) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  let ready: () => void;
  let readyPromise = new Promise<void>((r) => (ready = r));
  const panel: PanelPage = {
    page,
    posted,
    errors,
    async send(message) {
      await page.evaluate((m) => window.__deliver(m), encode(message));
    },
    state: () => page.evaluate(() => JSON.parse(sessionStorage.getItem('vscodeState') ?? 'null') as unknown),
    async screenshot(name) {
      const p = path.join(SHOTS, `${name}.png`);
      await page.screenshot({ path: p });
      return p;
    },
    close: () => page.close(),
  };
  await page.exposeFunction('__hostReceive', async (m: WebviewToHostMessage) => {
    posted.push(m);
    if (m.type === 'ready') ready();
    await o.host?.(m, panel);
  });
  await page.addInitScript((vars: Record<string, string>) => {
    // Like VS Code, put the theme on <html> (CSSOM, which the CSP allows) as soon as the parser creates it.
    const paint = () => {
      for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
    };
    if (document.documentElement) paint();
    else {
      const watch = new MutationObserver(() => {
        if (!document.documentElement) return;
        watch.disconnect();
        paint();
      });
      watch.observe(document, { childList: true });
    }
    const w = window as Record<string, unknown>;
    const revive = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(revive);
      if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.__typed === 'string' && typeof o.b64 === 'string') {
          const bin = atob(o.b64);
          const bytes = new Uint8Array(bin.length);
          for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
          const Ctor = w[o.__typed] as new (b: ArrayBuffer) => unknown;
          return new Ctor(bytes.buffer);
        }
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revive(x)]));
      }
      return v;
    };
    w.__deliver = (m: unknown) => window.postMessage(revive(m), '*');
    let taken = false;
    w.acquireVsCodeApi = () => {
      if (taken) throw new Error('acquireVsCodeApi may be called only once');
      taken = true;
      return {
        postMessage: (m: unknown) => (w.__hostReceive as (m: unknown) => void)(JSON.parse(JSON.stringify(m))),
        getState: () => JSON.parse(sessionStorage.getItem('vscodeState') ?? 'null') ?? undefined,
        setState: (s: unknown) => sessionStorage.setItem('vscodeState', JSON.stringify(s)),
      };
    };
  }, t.vars);
  await page.goto(`file://${file}`);
  await withTimeout(readyPromise, READY_TIMEOUT_MS, () => `the panel page never posted 'ready'; page errors: ${errors.join(' | ') || 'none'}`);
  const reload = page.reload.bind(page);
  page.reload = async () => {
    readyPromise = new Promise<void>((r) => (ready = r));
    await reload();
    await withTimeout(readyPromise, READY_TIMEOUT_MS, () => `the reloaded panel never posted 'ready'; page errors: ${errors.join(' | ') || 'none'}`);
    return undefined;
  };
  return panel;
}

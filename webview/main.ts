/**
 * The panel's first view: the analysed text with its entities, and the token
 * strip. Text from the document is only ever set as textContent. (The full
 * entity, attention and position views are built on this host protocol.)
 */
import type { AnalysisResult, HostToWebviewMessage, WebviewToHostMessage } from '../src/protocol';

interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

const entityType = (label: string) => label.replace(/^[BIESLU]-/, '');

function show(result: AnalysisResult, text: string): void {
  app.replaceChildren();
  const head = el('p', 'summary', `${result.model.name} · ${result.provider.used} · ${result.tokens.length} tokens · ${result.windows.length} window${result.windows.length === 1 ? '' : 's'} · ${result.timings.totalMs.toFixed(0)} ms`);
  const body = el('div', 'text');
  let at = 0;
  for (const s of result.spans) {
    if (s.start > at) body.append(document.createTextNode(text.slice(at, s.start)));
    const chip = el('mark', `entity entity-${entityType(s.label)}`);
    chip.dataset.start = String(s.start);
    chip.dataset.end = String(s.end);
    chip.append(el('span', 'entity-text', text.slice(s.start, s.end)), el('span', 'entity-label', `${s.label} ${(100 * s.score).toFixed(0)}%`));
    chip.title = `${s.label} ${(100 * s.score).toFixed(1)}% — click to select in the editor`;
    body.append(chip);
    at = s.end;
  }
  if (at < text.length) body.append(document.createTextNode(text.slice(at)));
  const strip = el('ol', 'tokens');
  for (const t of result.tokens) {
    const li = el('li', `token${t.label === 'O' ? '' : ` entity-${entityType(t.label)}`}`);
    li.dataset.start = String(t.start);
    li.dataset.end = String(t.end);
    li.dataset.index = String(t.index);
    li.append(el('span', 'piece', t.piece), el('span', 'label', t.label));
    li.title = t.topK.map((k) => `${k.label} ${(100 * k.score).toFixed(1)}%`).join('\n');
    strip.append(li);
  }
  for (const w of result.warnings) app.append(el('p', 'warning', w));
  app.append(head, body, strip);
}

app.addEventListener('click', (e) => {
  const target = (e.target as HTMLElement).closest<HTMLElement>('[data-start]');
  if (!target) return;
  vscode.postMessage({ type: 'token/reveal', start: Number(target.dataset.start), end: Number(target.dataset.end) });
});

window.addEventListener('message', (e: MessageEvent<HostToWebviewMessage>) => {
  const m = e.data;
  switch (m.type) {
    case 'analysis/show':
      return show(m.result, m.text);
    case 'analysis/progress':
      return app.replaceChildren(el('p', 'progress', `Analysing: window ${m.window} of ${m.windows}…`));
    case 'analysis/error':
      return app.replaceChildren(el('p', 'error', m.message));
    case 'analysis/clear':
      return app.replaceChildren(el('p', 'empty', 'Annotations cleared.'));
    case 'token/focus': {
      document.querySelectorAll('.token.focused').forEach((n) => n.classList.remove('focused'));
      const li = document.querySelector<HTMLElement>(`.token[data-index="${m.token}"]`);
      li?.classList.add('focused');
      li?.scrollIntoView({ block: 'nearest' });
      return;
    }
  }
});

vscode.postMessage({ type: 'ready' });

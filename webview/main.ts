/**
 * The panel: four tabs (Entities, Attention, Positions, Model) over one
 * analysis. Messages from the host are typed (src/protocol.ts) and handled
 * in one exhaustive switch; text from the document is only ever set as
 * textContent or drawn, never parsed as HTML.
 */
import { assertNever, HostToWebviewMessage, WebviewToHostMessage } from '../src/protocol';
import { LayerCache, PanelData, ProjectionCache, View, ViewContext } from './context';
import { el, registerControls, tabs, toolbar } from './controls';
import { exportMenu } from './exportMenu';
import { restoreState, Store, Tab, TABS, UiState } from './state';
import { clampToResult } from './stateClamp';
import { createAttentionView } from './views/attention';
import { createEntitiesView } from './views/entities';
import { createModelView } from './views/model';
import { createPositionsView } from './views/positions';
import { vscodeApi } from './vscodeApi';

const api = vscodeApi<UiState>();
const post = (m: WebviewToHostMessage) => api.postMessage(m);
registerControls();

const store = new Store<UiState>(restoreState(api.getState()), (s) => api.setState(s));
const ctx: ViewContext = {
  store,
  post,
  reveal: (start, end) => post({ type: 'token/reveal', start, end }),
  attention: new LayerCache(post),
  projections: new ProjectionCache(post),
};

const views: Record<Tab, View> = {
  entities: createEntitiesView(ctx),
  attention: createAttentionView(ctx),
  positions: createPositionsView(ctx),
  model: createModelView(ctx),
};
const LABELS: Record<Tab, string> = { entities: 'Entities', attention: 'Attention', positions: 'Positions', model: 'Model' };

const app = document.getElementById('app')!;
const status = el('div', 'status');
status.setAttribute('role', 'status');
const summary = el('p', 'summary');
const exportControl = exportMenu(() => views[store.get().tab], (view, format, data) => post({ type: 'export', view, format, data }), () => store.get().tab);
const tabStrip = tabs(
  TABS.map((t) => ({ id: t, label: LABELS[t], panel: views[t].element })),
  store.get().tab,
  (id) => {
    store.update({ tab: id as Tab });
    views[id as Tab].activate?.();
  },
);
const shell = el('div', 'shell');
shell.append(toolbar(summary, exportControl), status, tabStrip);

let data: PanelData | undefined;

// A view may switch tabs itself (Entities -> "Show attention of the selection").
store.subscribe((s, prev) => {
  if (s.tab === prev.tab || tabStrip.activeid === `tab-${s.tab}`) return;
  tabStrip.activeid = `tab-${s.tab}`;
  views[s.tab].activate?.();
});

function setStatus(kind: 'empty' | 'progress' | 'error' | 'none', text = ''): void {
  status.className = `status status-${kind}`;
  status.textContent = text;
  status.hidden = kind === 'none';
}

function showEmpty(text: string): void {
  data = undefined;
  app.replaceChildren(el('p', 'empty', text));
}

function show(next: PanelData): void {
  const s = store.get();
  const sameSource = next.source !== undefined && s.source !== undefined && next.source.hash === s.source.hash && next.source.uri === s.source.uri;
  store.update(clampToResult({ ...s, source: next.source, ...(sameSource ? {} : { strategy: undefined, focus: undefined }) }, next.result));
  data = next;
  ctx.attention.clear();
  ctx.projections.clear();
  const r = next.result;
  summary.textContent = `${r.model.name} · ${r.provider.used} · ${r.tokens.length} tokens · ${r.windows.length} window${r.windows.length === 1 ? '' : 's'} · ${r.timings.totalMs.toFixed(0)} ms`;
  setStatus('none');
  if (!app.contains(shell)) app.replaceChildren(shell);
  for (const t of TABS) views[t].show(next);
  const tab = store.get().tab;
  tabStrip.activeid = `tab-${tab}`;
  views[tab].activate?.();
}

window.addEventListener('message', (e: MessageEvent<HostToWebviewMessage>) => {
  const m = e.data;
  switch (m.type) {
    case 'analysis/show':
      return show({ result: m.result, text: m.text, source: m.source });
    case 'analysis/progress':
      if (!data) app.replaceChildren(shell);
      return setStatus('progress', `Analysing: window ${m.window} of ${m.windows}…`);
    case 'analysis/error':
      if (!data) app.replaceChildren(shell);
      return setStatus('error', m.message);
    case 'analysis/clear':
      store.update({ source: undefined, focus: undefined });
      return showEmpty('Annotations cleared. Select text and run BERT Lens: Analyze Selection.');
    case 'attention/layer':
      return ctx.attention.receive(m.window, m.layer, m.weights);
    case 'positions/projection':
      return ctx.projections.receive(m.method, m.points, m.error);
    case 'token/focus':
      // The hover's "Show attention for this token".
      return store.update({ focus: { tokenStart: m.token, tokenEnd: m.token + 1 }, tab: data?.result.attention ? 'attention' : 'entities' });
    default:
      assertNever(m);
  }
});

post({ type: 'ready', restore: store.get().source });

/**
 * The Attention tab: a head view (BertViz-style lines), a model view (every
 * layer x head as a thumbnail) and a matrix view (one large heatmap, or the
 * rollout across layers). Everything is drawn from the UI state, so a
 * restored panel shows the same mode, layer, head and zoom. A layer's weights
 * are fetched on first use; the neighbouring layers are fetched and prepared
 * in the background so stepping through layers does not wait.
 */
import type { AttentionLayerRef, AttentionSummary, Quantized } from '../../src/protocol';
import type { ExportOption, PanelData, View, ViewContext } from '../context';
import { button, checkbox, dropdown, el, Option, toolbar } from '../controls';
import { jsonText } from '../exportMenu';
import type { AttentionMode, AttentionState, UiState } from '../state';
import { Lru } from '../layout/attentionCache';
import { thumbsJson } from '../layout/attentionGrid';
import { headGeometry, headLines, HeadLines, headSvg, joinLines, OVERLAY_THRESHOLD } from '../layout/attentionHead';
import { AttentionMatrix, buildMatrix, focusBand, layerHead, matrixJson, MatrixOptions, mergeFor, MatrixSubject, subjectText } from '../layout/attentionMatrix';
import { IDENTITY } from '../layout/attentionZoom';
import { onThemeChange, theme } from '../render/attentionCanvas';
import { createGridPanel } from '../render/attentionGridPanel';
import { createHeadPanel } from '../render/attentionHeadPanel';
import { createMatrixPanel } from '../render/attentionMatrixPanel';

const MODES: Option[] = [
  { value: 'head', label: 'Head view' },
  { value: 'model', label: 'Model view (all layers x heads)' },
  { value: 'matrix', label: 'Matrix' },
];

/** Work done in one task before yielding to the event loop (a long task is 50 ms). */
const SLICE_MS = 12;

/** Queues `fn` as a new task without setTimeout's 4 ms clamp on nested calls. */
const channel = new MessageChannel();
const queued: (() => void)[] = [];
channel.port1.onmessage = () => queued.shift()?.();
function nextTask(fn: () => void): void {
  queued.push(fn);
  channel.port2.postMessage(null);
}

/** A head's lines and the rows they index (the matrix without its values). */
interface Lines {
  lines: HeadLines;
  rows: AttentionMatrix;
}

export function createAttentionView(ctx: ViewContext): View {
  const element = el('section', 'attention-view');
  element.setAttribute('aria-label', 'Attention');
  const st = () => ctx.store.get().attention;
  const patch = (p: Partial<AttentionState>) => {
    const cur = st();
    if ((Object.keys(p) as (keyof AttentionState)[]).every((k) => cur[k] === p[k])) return;
    ctx.store.update({ attention: { ...cur, ...p } });
  };

  const mode = dropdown('View', MODES, st().mode, (v) => patch({ mode: v as AttentionMode }));
  const win = dropdown('Window', [], '0', (v) => patch({ window: Number(v), zoom: IDENTITY }));
  const layer = dropdown('Layer', [], '0', (v) => patch({ layer: Number(v) }));
  const head = dropdown('Head', [], '-1', (v) => patch({ head: Number(v) }));
  const level = dropdown('Level', [{ value: 'token', label: 'Tokens' }, { value: 'word', label: 'Words' }], st().level, (v) => patch({ level: v as 'token' | 'word' }));
  const hide = checkbox('Hide special tokens', st().hideSpecials, (c) => patch({ hideSpecials: c }));
  const rollout = checkbox('Rollout across layers', st().rollout, (c) => patch({ rollout: c }));
  const reset = button('Reset zoom', () => patch({ zoom: IDENTITY }));
  reset.setAttribute('aria-label', 'Reset the matrix zoom');
  const bar = toolbar(mode.wrap, win.wrap, layer.wrap, head.wrap, level.wrap, hide, rollout, reset);
  bar.classList.add('attention-toolbar');
  bar.setAttribute('aria-label', 'Attention view options');

  const note = el('p', 'attention-note');
  note.setAttribute('role', 'status');
  const empty = el('div', 'attention-empty');
  const headPanel = createHeadPanel((h) => patch({ head: h }));
  const matrixPanel = createMatrixPanel((zoom) => patch({ zoom }));
  const gridPanel = createGridPanel((l, h) => patch({ mode: 'matrix', layer: l, head: h, rollout: false, zoom: IDENTITY }));
  element.append(bar, note, headPanel.element, matrixPanel.element, gridPanel.element, empty);

  let data: PanelData | undefined;
  let summary: AttentionSummary | undefined;
  let optionsFor: { summary: AttentionSummary; mode: AttentionMode } | undefined;
  const lineCache = new Lru<string, Lines>(64);
  const matrixCache = new Lru<string, AttentionMatrix>(8);
  const background: (() => void)[] = [];
  let backgroundBusy = false;

  const matrixOptions = (s: AttentionState): MatrixOptions => ({
    level: s.level,
    hideSpecials: s.hideSpecials,
    merge: mergeFor(ctx.store.get().strategy ?? data!.result.aggregation),
  });
  const keyOf = (s: AttentionState, ref: AttentionLayerRef, h: number) => {
    const o = matrixOptions(s);
    return `${s.window}:${ref}:${h}:${o.level}:${o.hideSpecials}:${o.merge}`;
  };

  function matrixFor(q: Quantized, s: AttentionState, ref: AttentionLayerRef, h: number): AttentionMatrix {
    return matrixCache.getOr(keyOf(s, ref, h), () => buildMatrix(layerHead(q, summary!.seq, ref === 'rollout' ? 0 : h), summary!, matrixOptions(s)));
  }

  function linesFor(q: Quantized, s: AttentionState, ref: number, h: number): Lines {
    return lineCache.getOr(keyOf(s, ref, h), () => {
      const m = buildMatrix(layerHead(q, summary!.seq, h), summary!, matrixOptions(s));
      return { lines: headLines(m.values, m.n, h), rows: { ...m, values: new Float32Array(0) } };
    });
  }

  /** The lines of the heads shown: one head, or all of them joined (cached as head -1). */
  function shownLines(q: Quantized, s: AttentionState, ref: number): Lines {
    if (s.head >= 0) return linesFor(q, s, ref, s.head);
    return lineCache.getOr(keyOf(s, ref, -1), () => {
      const parts = Array.from({ length: summary!.heads }, (_, h) => linesFor(q, s, ref, h));
      return { lines: joinLines(parts.map((p) => p.lines), OVERLAY_THRESHOLD), rows: parts[0].rows };
    });
  }

  const subject = (s: AttentionState): MatrixSubject => ({ layer: s.layer, head: s.head, rollout: s.mode === 'matrix' && s.rollout, layers: summary!.layers });
  const refOf = (s: AttentionState): AttentionLayerRef => (s.mode === 'matrix' && s.rollout ? 'rollout' : s.layer);

  function setNote(text: string): void {
    note.textContent = text;
    note.hidden = !text;
  }

  function showEmpty(d: PanelData): void {
    const r = d.result;
    const warned = r.warnings.filter((w) => /attention/i.test(w));
    const off = warned.length === 0 && r.model.capabilities.attention !== 'unavailable';
    const reasons = off
      ? ['The setting bertLens.outputs.attention is off. Turn it on and run the analysis again.']
      : [...new Set([...warned, ...r.model.capabilities.notes])];
    const list = el('ul');
    list.append(...reasons.map((t) => el('li', undefined, t)));
    empty.replaceChildren(el('p', 'attention-empty-title', off ? 'Attention was not computed for this analysis.' : 'Attention is not available for this model.'), list);
    empty.hidden = false;
    for (const e of [bar, note, headPanel.element, matrixPanel.element, gridPanel.element]) e.hidden = true;
    element.dataset.state = 'empty';
  }

  function syncControls(s: AttentionState): void {
    const a = summary!;
    if (!optionsFor || optionsFor.summary !== a || optionsFor.mode !== s.mode) {
      layer.control.setOptions(Array.from({ length: a.layers }, (_, l) => ({ value: String(l), label: String(l) })), String(s.layer));
      const all = s.mode === 'matrix' ? 'Mean of all heads' : 'All heads';
      head.control.setOptions([{ value: '-1', label: all }, ...Array.from({ length: a.heads }, (_, h) => ({ value: String(h), label: String(h) }))], String(s.head));
      const windows = data!.result.attention!.map((w, i) => {
        const info = data!.result.windows[w.window];
        return { value: String(i), label: info ? `${i + 1}: tokens ${info.tokenStart}–${info.tokenEnd - 1}` : String(i + 1) };
      });
      win.control.setOptions(windows, String(s.window));
      optionsFor = { summary: a, mode: s.mode };
    }
    const set = (d: { control: { value: string } }, v: string) => {
      if (d.control.value !== v) d.control.value = v;
    };
    set(mode, s.mode);
    set(win, String(s.window));
    set(layer, String(s.layer));
    set(head, String(s.head));
    set(level, s.level);
    if (hide.checked !== s.hideSpecials) hide.checked = s.hideSpecials;
    if (rollout.checked !== s.rollout) rollout.checked = s.rollout;
    const m = s.mode;
    win.wrap.hidden = data!.result.attention!.length < 2;
    layer.wrap.hidden = head.wrap.hidden = m === 'model';
    level.wrap.hidden = hide.hidden = m === 'model';
    rollout.hidden = reset.hidden = m !== 'matrix';
    const fixed = m === 'matrix' && s.rollout;
    for (const c of [layer.control, head.control]) c.toggleAttribute('disabled', fixed);
    headPanel.element.hidden = m !== 'head';
    matrixPanel.element.hidden = m !== 'matrix';
    gridPanel.element.hidden = m !== 'model';
  }

  let wanted = '';
  /** Draws the current mode from the state; `data-render-ms` says how long it took (read by the browser tests). */
  function render(): void {
    const started = performance.now();
    draw();
    element.dataset.renderMs = (performance.now() - started).toFixed(1);
  }

  function draw(): void {
    if (!data || !summary) return;
    const s = st();
    const a = summary;
    syncControls(s);
    if (s.mode === 'model') {
      setNote('');
      gridPanel.show(a, s);
      element.dataset.state = 'ready';
      return;
    }
    const ref = refOf(s);
    const q = ctx.attention.get(s.window, ref);
    if (!q) {
      setNote(ref === 'rollout' ? `Computing the attention rollout across ${a.layers} layers…` : `Loading the weights of layer ${ref}…`);
      element.dataset.state = 'loading';
      const want = (wanted = `${s.window}:${ref}`);
      const forData = data;
      void ctx.attention.request(s.window, ref).then(() => {
        if (data === forData && wanted === want) render();
      });
      return;
    }
    wanted = '';
    setNote('');
    const focus = ctx.store.get().focus;
    if (s.mode === 'head') {
      const heads = s.head >= 0 ? [s.head] : Array.from({ length: a.heads }, (_, h) => h);
      const missing = lineCache.has(keyOf(s, s.layer, s.head)) ? [] : heads.filter((h) => !lineCache.has(keyOf(s, s.layer, h)));
      if (missing.length > 1) return prepare(q, s, missing);
      const shown = shownLines(q, s, s.layer);
      headPanel.show({ lines: shown.lines, labels: shown.rows.labels, heads: a.heads, layer: s.layer, head: s.head, level: s.level, band: focusBand(shown.rows, focus) });
    } else {
      const m = matrixFor(q, s, ref, s.head);
      matrixPanel.show({ matrix: m, subject: subject(s), level: s.level, band: focusBand(m, focus), zoom: s.zoom });
    }
    element.dataset.state = 'ready';
    prefetch(s);
  }

  let preparing = '';
  /** Extracts several heads' lines a few at a time (a layer at 512 tokens is ~30 ms of work), then draws. */
  function prepare(q: Quantized, s: AttentionState, heads: number[]): void {
    const key = keyOf(s, s.layer, s.head);
    if (preparing === key) return;
    preparing = key;
    element.dataset.state = 'preparing';
    const forData = data;
    let i = 0;
    const step = () => {
      if (data !== forData || preparing !== key) return;
      const started = performance.now();
      while (i < heads.length && performance.now() - started < SLICE_MS) linesFor(q, s, s.layer, heads[i++]);
      if (i < heads.length) return nextTask(step);
      preparing = '';
      render();
    };
    step();
  }

  /** After a paint: fetch the layers either side and, in the head view, prepare their lines a head at a time. */
  function prefetch(s: AttentionState): void {
    if (s.mode === 'matrix' && s.rollout) return;
    const forData = data;
    for (const l of [s.layer + 1, s.layer - 1]) {
      if (l < 0 || l >= summary!.layers) continue;
      void ctx.attention.request(s.window, l).then((q) => {
        const now = st();
        if (data !== forData || now.mode !== 'head' || now.window !== s.window) return;
        const heads = now.head >= 0 ? [now.head] : Array.from({ length: summary!.heads }, (_, h) => h);
        for (const h of heads) later(() => linesFor(q, now, l, h));
        if (now.head < 0) later(() => shownLines(q, now, l));
      });
    }
  }

  /** Runs prepared work one piece per task, so no piece freezes the panel. */
  function later(task: () => void): void {
    background.push(task);
    if (!backgroundBusy) {
      backgroundBusy = true;
      nextTask(runBackground);
    }
  }
  function runBackground(): void {
    const task = background.shift();
    task?.();
    if (background.length) nextTask(runBackground);
    else backgroundBusy = false;
  }

  /** The window that holds a focused span, when the current one does not (long texts run in several). */
  function windowOf(focus: { tokenStart: number }): number | undefined {
    const att = data!.result.attention!;
    const holds = (i: number) => {
      const w = data!.result.windows[att[i].window];
      return w !== undefined && focus.tokenStart >= w.tokenStart && focus.tokenStart < w.tokenEnd;
    };
    if (holds(st().window)) return undefined;
    const i = att.findIndex((_, k) => holds(k));
    return i >= 0 ? i : undefined;
  }

  ctx.store.subscribe((s: UiState, prev: UiState) => {
    if (!data || !summary) return;
    if (s.attention === prev.attention && s.focus === prev.focus && s.strategy === prev.strategy) return;
    if (s.focus && s.focus !== prev.focus) {
      const w = windowOf(s.focus);
      if (w !== undefined) return patch({ window: w, zoom: IDENTITY });
    }
    const next = data.result.attention?.[s.attention.window];
    if (next && next !== summary) summary = next;
    render();
  });
  onThemeChange(() => {
    if (!data || !summary) return;
    headPanel.paint();
    matrixPanel.paint();
    gridPanel.paint();
  });

  function exports(): ExportOption[] {
    if (!data || !summary) return [];
    const s = st();
    const a = summary;
    if (s.mode === 'model') {
      return [
        { format: 'png', make: () => gridPanel.png() },
        { format: 'svg', make: () => gridPanel.svg() },
        { format: 'json', make: () => jsonText(thumbsJson(a.thumbs, a.window)) },
      ];
    }
    const ref = refOf(s);
    const q = ctx.attention.get(s.window, ref);
    if (!q) return [];
    if (s.mode === 'matrix') {
      return [
        { format: 'png', make: () => matrixPanel.png() },
        { format: 'svg', make: () => matrixPanel.svg() },
        { format: 'json', make: () => jsonText(matrixJson(subject(s), matrixFor(q, s, ref, s.head), s.level, a.window)) },
      ];
    }
    const layerNo = s.layer;
    return [
      { format: 'png', make: () => headPanel.png() },
      {
        format: 'svg',
        make: () => {
          const shown = shownLines(q, s, layerNo);
          const t = theme();
          const g = headGeometry(shown.rows.n, headPanel.geometry()?.width ?? 480);
          const title = s.head < 0 ? `Attention of all heads of layer ${layerNo}` : subjectText(subject(s));
          return headSvg(shown.lines, g, shown.rows.labels, a.heads, { foreground: t.foreground, background: t.background, font: t.monoFont }, title);
        },
      },
      {
        format: 'json',
        make: () => {
          const heads = s.head >= 0 ? [s.head] : Array.from({ length: a.heads }, (_, h) => h);
          const maps = heads.map((h) => matrixJson({ ...subject(s), head: h }, buildMatrix(layerHead(q, a.seq, h), a, matrixOptions(s)), s.level, a.window));
          return jsonText({ window: a.window, layer: layerNo, heads: maps });
        },
      },
    ];
  }

  return {
    element,
    show(d: PanelData) {
      data = d;
      lineCache.clear();
      matrixCache.clear();
      background.length = 0;
      preparing = '';
      optionsFor = undefined;
      const att = d.result.attention;
      if (!att?.length) {
        summary = undefined;
        return showEmpty(d);
      }
      empty.hidden = true;
      bar.hidden = false;
      summary = att[Math.min(st().window, att.length - 1)];
      render();
    },
    activate() {
      if (!data || !summary) return;
      const m = st().mode;
      if (m === 'head') headPanel.paint();
      else if (m === 'matrix') matrixPanel.paint();
      else gridPanel.paint();
    },
    exports,
  };
}

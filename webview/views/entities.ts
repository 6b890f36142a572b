/**
 * Entities tab: the analysed text with entity chips (label and confidence),
 * the token strip (piece, BIO label, score bar, top-3 on hover, window
 * boundaries), and the aggregation strategy switch, which re-aggregates from
 * the stored probabilities without running the model. Clicking a chip or a
 * token selects its text in the editor and focuses its tokens in the
 * Attention tab.
 */
import { AGGREGATION_STRATEGIES, AggregationStrategy, EntitySpan } from '../../src/protocol';
import type { ExportOption, PanelData, View, ViewContext } from '../context';
import { button, dropdown, el, toolbar } from '../controls';
import { cssVar, jsonText, svgToPng } from '../exportMenu';
import { KNOWN_TYPES, layoutStrip, layoutText, spansFor } from '../layout/entities';
import { wrapRuns } from '../layout/entitiesWrap';
import type { Focus } from '../state';

const STRATEGY_LABELS: Record<AggregationStrategy, string> = {
  none: 'none (every token)',
  simple: 'simple',
  first: 'first (word takes its first piece)',
  average: 'average (mean over pieces)',
  max: 'max (best piece)',
};

export function createEntitiesView(ctx: ViewContext): View {
  const element = el('section', 'entities-view');
  element.setAttribute('aria-label', 'Entities');
  let data: PanelData | undefined;
  let spans: EntitySpan[] = [];

  const strategy = dropdown(
    'Aggregation',
    AGGREGATION_STRATEGIES.map((s) => ({ value: s, label: STRATEGY_LABELS[s] })),
    'first',
    (v) => ctx.store.update({ strategy: v as AggregationStrategy }),
  );
  strategy.control.classList.add('strategy');
  const counts = el('span', 'counts');
  const attentionLink = button('Show attention of the selection', () => ctx.store.update({ tab: 'attention' }));
  attentionLink.classList.add('to-attention');
  const textBox = el('div', 'text');
  textBox.setAttribute('aria-label', 'Analysed text with entities');
  const stripHead = el('h3', 'strip-head', 'Tokens');
  const strip = el('ol', 'tokens');
  strip.setAttribute('aria-label', 'Tokens: arrow keys move, Enter selects in the editor');
  element.append(toolbar(strategy.wrap, counts, attentionLink), textBox, stripHead, strip);

  const current = (): AggregationStrategy => ctx.store.get().strategy ?? data?.result.aggregation ?? 'first';

  function select(start: number, end: number, focus: Focus): void {
    ctx.store.update({ focus });
    ctx.reveal(start, end);
  }

  function renderText(): void {
    if (!data) return;
    const { text } = data;
    spans = spansFor(data.result, text, current());
    const runs = layoutText(text.length, spans);
    const nodes: Node[] = [];
    for (const r of runs) {
      if (r.kind === 'text') {
        nodes.push(document.createTextNode(text.slice(r.start, r.end)));
        continue;
      }
      const s = spans[r.span];
      const chip = el('mark', `entity entity-${r.type}`);
      chip.tabIndex = 0;
      chip.setAttribute('role', 'button');
      chip.dataset.start = String(r.start);
      chip.dataset.end = String(r.end);
      chip.dataset.tokenStart = String(s.tokenStart);
      chip.dataset.tokenEnd = String(s.tokenEnd);
      chip.append(el('span', 'entity-text', text.slice(r.start, r.end)), el('span', 'entity-label', `${r.label} ${(100 * r.score).toFixed(0)}%`));
      chip.title = `${r.label} ${(100 * r.score).toFixed(1)}% — click to select in the editor and focus its attention`;
      chip.setAttribute('aria-label', `${r.label} ${(100 * r.score).toFixed(0)}%: ${text.slice(r.start, r.end)}`);
      nodes.push(chip);
    }
    textBox.replaceChildren(...nodes);
    const byType = new Map<string, number>();
    for (const s of spans) byType.set(s.label, (byType.get(s.label) ?? 0) + 1);
    counts.textContent = spans.length === 0 ? 'no entities' : [...byType].map(([t, n]) => `${n} ${t}`).join(' · ');
    markFocus();
  }

  function renderStrip(): void {
    if (!data) return;
    const items = layoutStrip(data.result.tokens, data.result.windows);
    const nodes: HTMLElement[] = [];
    let first = true;
    for (const it of items) {
      if (it.kind === 'boundary') {
        const b = el('li', 'boundary', `▏window ${it.window + 1}`);
        b.title = it.description;
        b.setAttribute('aria-label', it.description);
        nodes.push(b);
        continue;
      }
      const t = data.result.tokens[it.token];
      const li = el('li', `token window-${it.window % 2}${it.type === 'O' ? '' : ` entity-${it.type}`}${it.isSubword ? ' subword' : ''}`);
      li.dataset.index = String(it.token);
      li.dataset.start = String(t.start);
      li.dataset.end = String(t.end);
      li.tabIndex = first ? 0 : -1;
      first = false;
      const bar = el('span', 'score-bar');
      bar.append(el('span', 'score-fill'));
      (bar.firstChild as HTMLElement).style.width = `${(100 * it.score).toFixed(0)}%`;
      li.append(el('span', 'piece', it.piece), el('span', 'label', it.label), bar);
      li.title = it.topK;
      li.setAttribute('aria-label', `${it.piece}: ${it.topK}`);
      nodes.push(li);
    }
    strip.replaceChildren(...nodes);
    markFocus();
  }

  function markFocus(): void {
    const f = ctx.store.get().focus;
    for (const li of strip.querySelectorAll<HTMLElement>('.token')) {
      const i = Number(li.dataset.index);
      li.classList.toggle('focused', f !== undefined && i >= f.tokenStart && i < f.tokenEnd);
    }
    for (const chip of textBox.querySelectorAll<HTMLElement>('.entity')) {
      chip.classList.toggle('focused', f !== undefined && Number(chip.dataset.tokenStart) === f.tokenStart && Number(chip.dataset.tokenEnd) === f.tokenEnd);
    }
    attentionLink.toggleAttribute('disabled', f === undefined || !data?.result.attention);
  }

  textBox.addEventListener('click', (e) => activateChip(e.target as HTMLElement));
  textBox.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activateChip(e.target as HTMLElement);
    }
  });
  function activateChip(target: HTMLElement): void {
    const chip = target.closest<HTMLElement>('.entity');
    if (!chip) return;
    select(Number(chip.dataset.start), Number(chip.dataset.end), { tokenStart: Number(chip.dataset.tokenStart), tokenEnd: Number(chip.dataset.tokenEnd) });
  }

  strip.addEventListener('click', (e) => {
    const li = (e.target as HTMLElement).closest<HTMLElement>('.token');
    if (li) activateToken(li);
  });
  strip.addEventListener('keydown', (e) => {
    const li = (e.target as HTMLElement).closest<HTMLElement>('.token');
    if (!li) return;
    const all = [...strip.querySelectorAll<HTMLElement>('.token')];
    const i = all.indexOf(li);
    const step: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -i, End: all.length - 1 - i };
    if (e.key in step) {
      e.preventDefault();
      moveTo(all, Math.max(0, Math.min(all.length - 1, i + step[e.key])), li);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activateToken(li);
    }
  });
  function moveTo(all: HTMLElement[], j: number, from: HTMLElement): void {
    from.tabIndex = -1;
    all[j].tabIndex = 0;
    all[j].focus();
  }
  function activateToken(li: HTMLElement): void {
    const i = Number(li.dataset.index);
    select(Number(li.dataset.start), Number(li.dataset.end), { tokenStart: i, tokenEnd: i + 1 });
  }

  ctx.store.subscribe((s, prev) => {
    if (s.strategy !== prev.strategy) {
      if (strategy.control.value !== current()) strategy.control.value = current();
      renderText();
    }
    if (s.focus !== prev.focus) markFocus();
  });

  function exportSvg(): { svg: string; width: number; height: number } {
    const canvas = document.createElement('canvas').getContext('2d')!;
    const font = `${cssVar('--vscode-editor-font-size', '13px').replace(/^(\d+)$/, '$1px')} ${cssVar('--vscode-editor-font-family', 'monospace')}`;
    const small = `bold 10px ${cssVar('--vscode-font-family', 'sans-serif')}`;
    const measure = (s: string, isSmall?: boolean) => {
      canvas.font = isSmall ? small : font;
      return canvas.measureText(s).width;
    };
    const width = 760;
    const lineHeight = 28;
    const runs = layoutText(data!.text.length, spans);
    const { pieces, lines } = wrapRuns(data!.text, runs, { width: width - 16, pad: 4, gap: 4 }, measure);
    const fg = cssVar('--vscode-foreground', '#333');
    const bg = cssVar('--vscode-editor-background', '#fff');
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const colour = (type: string, border: boolean) => cssVar(`--vscode-bertLens-${border ? 'entityBorder' : 'entity'}\\.${(KNOWN_TYPES as readonly string[]).includes(type) ? type : 'OTHER'}`, border ? fg : 'transparent');
    const height = lines * lineHeight + 16;
    const parts = [`<rect width="${width}" height="${height}" fill="${esc(bg)}"/>`];
    for (const p of pieces) {
      const x = 8 + p.x;
      const y = 8 + p.line * lineHeight;
      if (p.chip) {
        parts.push(`<rect x="${x.toFixed(1)}" y="${y + 3}" width="${p.width.toFixed(1)}" height="${lineHeight - 6}" rx="3" fill="${esc(colour(p.chip.type, false))}" stroke="${esc(colour(p.chip.type, true))}"/>`);
        parts.push(`<text x="${(x + 4).toFixed(1)}" y="${y + 19}" style="font:${esc(font)}" fill="${esc(fg)}" xml:space="preserve">${esc(p.text)}</text>`);
        parts.push(`<text x="${(x + p.width - 4 - p.chip.labelWidth).toFixed(1)}" y="${y + 18}" style="font:${esc(small)}" fill="${esc(fg)}">${esc(p.chip.label)}</text>`);
      } else if (p.text.trim() !== '') {
        parts.push(`<text x="${x.toFixed(1)}" y="${y + 19}" style="font:${esc(font)}" fill="${esc(fg)}" xml:space="preserve">${esc(p.text)}</text>`);
      }
    }
    return { svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`, width, height };
  }

  return {
    element,
    show(next) {
      data = next;
      strategy.control.value = current();
      renderText();
      renderStrip();
    },
    exports(): ExportOption[] {
      if (!data) return [];
      const d = data;
      return [
        { format: 'svg', make: () => exportSvg().svg },
        {
          format: 'png',
          make: () => {
            const { svg, width, height } = exportSvg();
            return svgToPng(svg, width, height);
          },
        },
        { format: 'json', make: () => jsonText({ strategy: current(), text: d.text, spans, tokens: d.result.tokens }) },
      ];
    },
  };
}

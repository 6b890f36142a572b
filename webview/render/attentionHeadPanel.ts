/**
 * The head view on canvas. The canvas is only as tall as the visible part of
 * a scrolling box (a tall spacer gives the scroll range), so 512 rows cost no
 * more pixels than 40; each paint culls the lines to the visible rows.
 */
import { el } from '../controls';
import { headColors } from '../layout/colorScale';
import { HeadGeometry, headGeometry, HeadLines, headAriaLabel, paintLines, Pick, rowAt, rowY } from '../layout/attentionHead';
import { clip } from '../layout/attentionSvg';
import { announcer, setFont, theme } from './attentionCanvas';
import { fitCanvas } from './canvas';

export interface HeadScene {
  lines: HeadLines;
  labels: string[];
  heads: number;
  layer: number;
  /** -1: all heads overlaid. */
  head: number;
  level: 'token' | 'word';
  band?: { from: number; to: number };
}

export interface HeadPanel {
  element: HTMLElement;
  canvas: HTMLCanvasElement;
  show(scene: HeadScene): void;
  /** Re-measure and repaint (the tab became visible, the theme changed). */
  paint(): void;
  geometry(): HeadGeometry | undefined;
  /** The whole view (all rows) as a PNG data URL. */
  png(): string;
}

const MAX_EXPORT_HEIGHT = 16000;
/** Lines per stroked path (see draw). */
const PATH_LINES = 32;

export function createHeadPanel(onHead: (head: number) => void): HeadPanel {
  const element = el('div', 'attention-head');
  const legend = el('div', 'attention-legend');
  legend.setAttribute('role', 'group');
  legend.setAttribute('aria-label', 'Heads (colours of the overlay)');
  const scroll = el('div', 'attention-head-scroll');
  const spacer = el('div', 'attention-head-spacer');
  const canvas = el('canvas', 'attention-canvas attention-head-canvas');
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  const live = announcer();
  spacer.append(canvas);
  scroll.append(spacer);
  element.append(legend, scroll, live.element);

  let scene: HeadScene | undefined;
  let g: HeadGeometry | undefined;
  let hover: Pick | undefined;
  let keyPick: Pick | undefined;
  let frame = 0;

  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), paint()));
  };

  function draw(ctx: CanvasRenderingContext2D, top: number, height: number, geo: HeadGeometry, s: HeadScene, pick: Pick | undefined): number {
    const t = theme();
    const colors = headColors(s.heads);
    ctx.clearRect(0, 0, geo.width, height);
    const painted = paintLines(s.lines, geo, { top, height }, pick, pick ? undefined : s.band);
    ctx.lineCap = 'butt';
    for (const grp of painted.groups) {
      ctx.strokeStyle = colors[grp.head];
      ctx.globalAlpha = grp.alpha;
      ctx.lineWidth = grp.width;
      const seg = grp.segments;
      // Paths of a few dozen lines: one path of a thousand crossing lines is rasterized
      // as one shape, which costs several times more in software rendering.
      for (let from = 0; from < seg.length; from += PATH_LINES * 4) {
        ctx.beginPath();
        for (let i = from; i < Math.min(seg.length, from + PATH_LINES * 4); i += 4) {
          ctx.moveTo(seg[i], seg[i + 1]);
          ctx.lineTo(seg[i + 2], seg[i + 3]);
        }
        ctx.stroke();
      }
    }
    ctx.globalAlpha = 1;
    // What the picked token attends to (or is attended by): the other column's labels get a bar of the weight.
    const strength = new Float32Array(geo.n);
    if (pick) {
      for (let i = 0; i < s.lines.count; i++) {
        const [mine, other] = pick.side === 'out' ? [s.lines.from[i], s.lines.to[i]] : [s.lines.to[i], s.lines.from[i]];
        if (mine === pick.index) strength[other] = Math.max(strength[other], s.lines.weight[i]);
      }
    }
    setFont(ctx, t, t.monoFont, Math.min(12, geo.rowHeight - 3));
    ctx.textBaseline = 'middle';
    const first = Math.max(0, rowAt(geo, top));
    const last = Math.min(geo.n - 1, Math.ceil((top + height - geo.top) / geo.rowHeight));
    const labelW = geo.leftX - 4;
    for (let i = first; i <= last; i++) {
      const y = rowY(geo, i) - top;
      const inBand = s.band && i >= s.band.from && i < s.band.to;
      for (const side of ['out', 'in'] as const) {
        const x = side === 'out' ? geo.leftX - labelW : geo.rightX;
        const picked = pick && pick.side === side && pick.index === i;
        const w = pick && pick.side !== side ? strength[i] : 0;
        if (w > 0) {
          // At most half opaque, so the label stays readable on it in every theme.
          ctx.fillStyle = `rgba(${t.accent.join(',')},${(0.55 * Math.sqrt(Math.min(1, w))).toFixed(3)})`;
          ctx.fillRect(x, y - geo.rowHeight / 2 + 1, labelW, geo.rowHeight - 2);
        }
        if (picked || inBand) {
          ctx.strokeStyle = t.focus;
          ctx.lineWidth = picked ? 2 : 1;
          ctx.strokeRect(x + 0.5, y - geo.rowHeight / 2 + 1.5, labelW - 1, geo.rowHeight - 3);
        }
        ctx.fillStyle = t.foreground;
        ctx.textAlign = side === 'out' ? 'right' : 'left';
        ctx.fillText(clip(s.labels[i], 16), side === 'out' ? geo.leftX - 4 : geo.rightX + 4, y, labelW - 6);
      }
    }
    return painted.lines;
  }

  function paint(): void {
    if (!scene) return;
    const width = Math.min(720, scroll.clientWidth || element.clientWidth);
    if (!width) return; // hidden tab: activate() paints
    g = headGeometry(scene.labels.length, width);
    spacer.style.height = `${g.height}px`;
    const viewH = Math.min(g.height, scroll.clientHeight || 480);
    const top = Math.min(scroll.scrollTop, Math.max(0, g.height - viewH));
    const ctx = fitCanvas(canvas, g.width, viewH);
    const drawn = draw(ctx, top, viewH, g, scene, hover ?? keyPick);
    canvas.dataset.lines = String(drawn);
    canvas.dataset.linesTotal = String(scene.lines.count);
  }

  function renderLegend(s: HeadScene): void {
    const colors = headColors(s.heads);
    legend.replaceChildren(
      ...colors.map((c, h) => {
        const b = el('button', 'attention-swatch', String(h));
        b.type = 'button';
        b.style.setProperty('--swatch', c);
        b.setAttribute('aria-pressed', String(s.head === h));
        b.setAttribute('aria-label', `Head ${h}${s.head === h ? ' (shown alone; press to show all heads)' : ''}`);
        b.title = `Head ${h}`;
        b.addEventListener('click', () => onHead(s.head === h ? -1 : h));
        return b;
      }),
    );
  }

  function describe(p: Pick): string {
    if (!scene) return '';
    const targets: [number, number][] = [];
    for (let i = 0; i < scene.lines.count; i++) {
      const [mine, other] = p.side === 'out' ? [scene.lines.from[i], scene.lines.to[i]] : [scene.lines.to[i], scene.lines.from[i]];
      if (mine === p.index) targets.push([other, scene.lines.weight[i]]);
    }
    targets.sort((a, b) => b[1] - a[1]);
    const top = targets.slice(0, 3).map(([o, w]) => `${scene!.labels[o]} ${w.toFixed(2)}`);
    const verb = p.side === 'out' ? 'attends most to' : 'is attended most by';
    return `${scene.labels[p.index]} ${verb}: ${top.join(', ') || 'nothing above the threshold'}`;
  }

  const pickAt = (e: MouseEvent): Pick | undefined => {
    if (!g) return undefined;
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left;
    const index = rowAt(g, e.clientY - r.top + Math.min(scroll.scrollTop, g.height));
    if (index < 0) return undefined;
    return { side: x < g.width / 2 ? 'out' : 'in', index };
  };
  canvas.addEventListener('mousemove', (e) => {
    const p = pickAt(e);
    if (p?.side === hover?.side && p?.index === hover?.index) return;
    hover = p;
    schedule();
  });
  canvas.addEventListener('mouseleave', () => {
    hover = undefined;
    schedule();
  });
  scroll.addEventListener('scroll', schedule, { passive: true });
  canvas.addEventListener('keydown', (e) => {
    if (!scene || !g) return;
    const n = scene.labels.length;
    const cur = keyPick ?? { side: 'out' as const, index: scene.band?.from ?? -1 };
    let next: Pick | undefined = cur;
    if (e.key === 'ArrowDown') next = { ...cur, index: Math.min(n - 1, cur.index + 1) };
    else if (e.key === 'ArrowUp') next = { ...cur, index: Math.max(0, cur.index - 1) };
    else if (e.key === 'PageDown') next = { ...cur, index: Math.min(n - 1, cur.index + 10) };
    else if (e.key === 'PageUp') next = { ...cur, index: Math.max(0, cur.index - 10) };
    else if (e.key === 'Home') next = { ...cur, index: 0 };
    else if (e.key === 'End') next = { ...cur, index: n - 1 };
    else if (e.key === 'ArrowLeft') next = { ...cur, side: 'out', index: Math.max(0, cur.index) };
    else if (e.key === 'ArrowRight') next = { ...cur, side: 'in', index: Math.max(0, cur.index) };
    else if (e.key === 'Escape') next = undefined;
    else return;
    e.preventDefault();
    keyPick = next;
    if (next) {
      const y = rowY(g, next.index);
      const viewH = scroll.clientHeight;
      if (y - g.rowHeight < scroll.scrollTop) scroll.scrollTop = y - g.rowHeight * 2;
      else if (y + g.rowHeight > scroll.scrollTop + viewH) scroll.scrollTop = y + g.rowHeight * 2 - viewH;
      live.say(describe(next));
    } else live.say('No token picked: all lines shown.');
    canvas.dataset.pick = next ? `${next.side}:${next.index}` : '';
    schedule();
  });

  return {
    element,
    canvas,
    show(s) {
      const sameTokens = scene && scene.labels.length === s.labels.length;
      if (!sameTokens) keyPick = hover = undefined;
      const legendChanged = !scene || scene.heads !== s.heads || scene.head !== s.head;
      scene = s;
      if (legendChanged) renderLegend(s);
      legend.hidden = s.heads < 2;
      canvas.setAttribute('aria-label', headAriaLabel(s.layer, s.head, s.labels.length, s.level, s.band && s.labels.slice(s.band.from, s.band.to).join(' ')));
      canvas.dataset.band = s.band ? `${s.band.from},${s.band.to}` : '';
      paint();
    },
    paint,
    geometry: () => g,
    png() {
      if (!scene || !g) return canvas.toDataURL('image/png');
      const rowHeight = Math.max(4, Math.min(g.rowHeight, Math.floor((MAX_EXPORT_HEIGHT - 16) / scene.labels.length)));
      const geo = headGeometry(scene.labels.length, g.width, rowHeight);
      const off = document.createElement('canvas');
      const ctx = off.getContext('2d')!;
      off.width = geo.width;
      off.height = geo.height;
      ctx.fillStyle = theme().background;
      ctx.fillRect(0, 0, geo.width, geo.height);
      const bg = document.createElement('canvas');
      bg.width = geo.width;
      bg.height = geo.height;
      draw(bg.getContext('2d')!, 0, geo.height, geo, scene, keyPick);
      ctx.drawImage(bg, 0, 0);
      return off.toDataURL('image/png');
    },
  };
}

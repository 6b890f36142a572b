/**
 * What the attention canvases share: sizing for the device pixel ratio, the
 * theme's colours read from VS Code's CSS variables (re-read when the theme
 * changes), a tooltip, and a screen-reader announcer.
 */
import { el } from '../controls';
import { FALLBACK_ACCENT, parseColor, Rgb, weightLut } from '../layout/colorScale';

export interface Theme {
  foreground: string;
  muted: string;
  background: string;
  border: string;
  focus: string;
  accent: Rgb;
  /** 256 RGBA entries, weight bin -> colour. */
  lut: Uint8ClampedArray;
  font: string;
  monoFont: string;
  fontSize: number;
}

function cssVar(style: CSSStyleDeclaration, name: string): string {
  return style.getPropertyValue(name).trim();
}

let cached: Theme | undefined;

/** The theme's colours; cached until the theme changes (`onThemeChange`). */
export function theme(): Theme {
  if (cached) return cached;
  const s = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => cssVar(s, name) || fallback;
  const foreground = v('--vscode-foreground', s.color || '#cccccc');
  // High contrast themes define contrastActiveBorder: use it as the accent so weights stand out on black/white.
  const accentCss = cssVar(s, '--vscode-contrastActiveBorder') || v('--vscode-charts-blue', v('--vscode-focusBorder', ''));
  const accent = parseColor(accentCss) ?? FALLBACK_ACCENT;
  cached = {
    foreground,
    muted: v('--vscode-descriptionForeground', foreground),
    background: v('--vscode-editor-background', s.backgroundColor || '#1e1e1e'),
    border: v('--vscode-panel-border', v('--vscode-contrastBorder', '#80808059')),
    focus: v('--vscode-focusBorder', '#007fd4'),
    accent,
    lut: weightLut(accent),
    font: v('--vscode-font-family', 'sans-serif'),
    monoFont: v('--vscode-editor-font-family', 'monospace'),
    fontSize: 11,
  };
  return cached;
}

const themeListeners: (() => void)[] = [];
let observing = false;

/** Calls `listener` after VS Code switches theme (it rewrites <html>'s style and <body>'s class). */
export function onThemeChange(listener: () => void): void {
  themeListeners.push(listener);
  if (observing) return;
  observing = true;
  const observer = new MutationObserver(() => {
    cached = undefined;
    for (const l of themeListeners) l();
  });
  // The theme's variables are set on <html>; its kind on <body>.
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
}

/** An RGBA pixel buffer as a canvas, for drawing scaled with `drawImage`. */
export function pixelCanvas(pixels: Uint8ClampedArray, width: number, height: number, into?: HTMLCanvasElement): HTMLCanvasElement {
  const c = into ?? document.createElement('canvas');
  c.width = width;
  c.height = height;
  c.getContext('2d')!.putImageData(new ImageData(pixels as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
  return c;
}

export interface Tooltip {
  element: HTMLElement;
  show(x: number, y: number, text: string): void;
  hide(): void;
}

/** A tooltip positioned inside `parent` (which must be positioned), kept inside its right edge. */
export function tooltip(parent: HTMLElement): Tooltip {
  const tip = el('div', 'attention-tooltip');
  tip.setAttribute('aria-hidden', 'true');
  tip.hidden = true;
  parent.append(tip);
  return {
    element: tip,
    show(x, y, text) {
      tip.textContent = text;
      tip.hidden = false;
      const maxX = parent.clientWidth - tip.offsetWidth - 4;
      tip.style.left = `${Math.max(0, Math.min(x + 12, maxX))}px`;
      tip.style.top = `${y + 14}px`;
    },
    hide() {
      tip.hidden = true;
    },
  };
}

/** A visually hidden live region: what keyboard moves select is read out. */
export function announcer(): { element: HTMLElement; say(text: string): void } {
  const live = el('div', 'attention-sr-only');
  live.setAttribute('aria-live', 'polite');
  return { element: live, say: (text) => (live.textContent = text) };
}

export function setFont(g: CanvasRenderingContext2D, t: Theme, family = t.monoFont, size = t.fontSize, weight = ''): void {
  g.font = `${weight} ${size}px ${family}`.trim();
}

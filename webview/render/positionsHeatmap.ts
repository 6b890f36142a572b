/**
 * A similarity map on screen: the `rows x rows` picture is put into a canvas
 * of that many pixels once per result and scaled by CSS with smoothing off;
 * a second, focusable canvas on top carries the marks and takes the pointer
 * and the keyboard.
 */
import type { Quantized } from '../../src/protocol';
import { el } from '../controls';
import { heatmapCell, heatmapPixels } from '../layout/positionsHeatmap';
import type { HeatmapScene } from '../layout/positionsHeatmapScene';
import type { ChartTheme } from '../layout/positionsMarks';
import { fitCanvas } from './canvas';
import { paintMarks } from './positionsPaint';

export interface Cell {
  i: number;
  j: number;
}

export interface HeatmapHandlers {
  hover(cell: Cell | undefined, clientX: number, clientY: number): void;
  click(cell: Cell): void;
  key(e: KeyboardEvent): boolean;
  blur(): void;
}

export interface HeatmapChart {
  readonly element: HTMLElement;
  readonly overlay: HTMLCanvasElement;
  /** Paints the picture: once per result. */
  setData(q: Quantized, lut: Uint8ClampedArray): void;
  draw(scene: HeatmapScene, theme: ChartTheme): void;
  /** The picture as a PNG data URL (for SVG exports), at one pixel per cell. */
  imageUrl(): string;
  /** Viewport point of the centre of a cell, to place a tooltip for the keyboard. */
  cellPoint(cell: Cell): { x: number; y: number };
}

export function createHeatmapChart(kind: 'learned' | 'sinusoidal', handlers: HeatmapHandlers): HeatmapChart {
  const element = el('figure', 'positions-heatmap');
  element.dataset.kind = kind;
  const stack = el('div', 'positions-heatmap-stack');
  const image = el('canvas', 'positions-heatmap-image');
  image.setAttribute('aria-hidden', 'true');
  const overlay = el('canvas', 'positions-heatmap-overlay');
  overlay.tabIndex = 0;
  overlay.setAttribute('role', 'img');
  stack.append(image, overlay);
  element.append(stack);
  let scene: HeatmapScene | undefined;
  let rows = 0;

  const cellAt = (e: PointerEvent): Cell | undefined => {
    if (!scene) return undefined;
    const r = overlay.getBoundingClientRect();
    return heatmapCell(e.clientX - r.left - scene.map.x, e.clientY - r.top - scene.map.y, scene.map.size, rows);
  };
  overlay.addEventListener('pointermove', (e) => handlers.hover(cellAt(e), e.clientX, e.clientY));
  overlay.addEventListener('pointerleave', (e) => handlers.hover(undefined, e.clientX, e.clientY));
  overlay.addEventListener('click', (e) => {
    const c = cellAt(e as PointerEvent);
    if (c) handlers.click(c);
  });
  overlay.addEventListener('keydown', (e) => {
    if (handlers.key(e)) e.preventDefault();
  });
  overlay.addEventListener('blur', () => handlers.blur());

  return {
    element,
    overlay,
    setData(q, lut) {
      rows = q.dims[0];
      image.width = rows;
      image.height = rows;
      image.dataset.cells = String(rows * rows);
      const g = image.getContext('2d')!;
      g.putImageData(new ImageData(heatmapPixels(q, lut), rows, rows), 0, 0);
    },
    draw(next, theme) {
      scene = next;
      image.style.left = `${next.map.x}px`;
      image.style.top = `${next.map.y}px`;
      image.style.width = `${next.map.size}px`;
      image.style.height = `${next.map.size}px`;
      stack.style.width = `${next.width}px`;
      stack.style.height = `${next.height}px`;
      paintMarks(fitCanvas(overlay, next.width, next.height), next.marks, theme);
    },
    imageUrl: () => image.toDataURL('image/png'),
    cellPoint(cell) {
      const r = overlay.getBoundingClientRect();
      if (!scene || rows === 0) return { x: r.left, y: r.top };
      const c = scene.map.size / rows;
      return { x: r.left + scene.map.x + (cell.j + 0.5) * c, y: r.top + scene.map.y + (cell.i + 0.5) * c };
    },
  };
}

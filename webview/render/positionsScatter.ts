/**
 * The projection chart on screen: a focusable canvas that paints a scatter
 * scene, picks the point under the pointer, and turns drags into rotation.
 */
import { el } from '../controls';
import { pickPoint } from '../layout/positionsScatter';
import type { ScatterScene } from '../layout/positionsScatterScene';
import type { ChartTheme } from '../layout/positionsMarks';
import { fitCanvas } from './canvas';
import { paintMarks } from './positionsPaint';

export interface ScatterHandlers {
  /** The pointer is over position `index` (-1: over none). */
  hover(index: number, clientX: number, clientY: number): void;
  leave(): void;
  /** A drag of `(dx, dy)` pixels since the last call; only while `draggable()`. */
  drag(dx: number, dy: number): void;
  draggable(): boolean;
  /** A key on the focused chart: true when handled. */
  key(e: KeyboardEvent): boolean;
}

export interface ScatterChart {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  draw(scene: ScatterScene, theme: ChartTheme): void;
}

const PICK_RADIUS = 8;
/** Pixels a press may move and still count as a click, not a drag. */
const CLICK_SLOP = 3;

export function createScatterChart(handlers: ScatterHandlers): ScatterChart {
  const element = el('div', 'positions-scatter-chart');
  const canvas = el('canvas', 'positions-scatter');
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  element.append(canvas);
  let scene: ScatterScene | undefined;
  let press: { x: number; y: number; lastX: number; lastY: number; moved: boolean } | undefined;

  const local = (e: PointerEvent) => {
    const r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const hoverAt = (e: PointerEvent) => {
    if (!scene) return;
    const p = local(e);
    handlers.hover(pickPoint(scene.x, scene.y, p.x, p.y, PICK_RADIUS), e.clientX, e.clientY);
  };

  canvas.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    press = { x: e.clientX, y: e.clientY, lastX: e.clientX, lastY: e.clientY, moved: false };
    if (handlers.draggable()) canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (press && handlers.draggable()) {
      if (Math.hypot(e.clientX - press.x, e.clientY - press.y) > CLICK_SLOP) press.moved = true;
      if (press.moved) {
        handlers.drag(e.clientX - press.lastX, e.clientY - press.lastY);
        press.lastX = e.clientX;
        press.lastY = e.clientY;
        return;
      }
    }
    hoverAt(e);
  });
  const release = (e: PointerEvent) => {
    if (canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
    press = undefined;
  };
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);
  canvas.addEventListener('pointerleave', () => {
    if (!press) handlers.leave();
  });
  canvas.addEventListener('keydown', (e) => {
    if (handlers.key(e)) e.preventDefault();
  });

  return {
    element,
    canvas,
    draw(next, theme) {
      scene = next;
      const g = fitCanvas(canvas, next.width, next.height);
      paintMarks(g, next.marks, theme);
    },
  };
}

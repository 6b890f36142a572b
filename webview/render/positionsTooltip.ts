/** One floating tooltip for the Positions charts; text only, never HTML. */
import { el } from '../controls';

export interface Tooltip {
  readonly element: HTMLElement;
  show(lines: string[], clientX: number, clientY: number): void;
  hide(): void;
}

export function createTooltip(): Tooltip {
  const element = el('div', 'positions-tooltip');
  element.setAttribute('role', 'tooltip');
  element.hidden = true;
  return {
    element,
    show(lines, clientX, clientY) {
      element.replaceChildren(...lines.map((l) => el('div', undefined, l)));
      element.hidden = false;
      // Keep it inside the viewport: flip to the other side of the pointer near the right/bottom edge.
      const w = element.offsetWidth;
      const h = element.offsetHeight;
      const x = clientX + 14 + w > window.innerWidth ? clientX - 14 - w : clientX + 14;
      const y = clientY + 14 + h > window.innerHeight ? clientY - 14 - h : clientY + 14;
      element.style.left = `${Math.max(0, x)}px`;
      element.style.top = `${Math.max(0, y)}px`;
    },
    hide() {
      element.hidden = true;
    },
  };
}

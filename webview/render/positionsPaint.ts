/** Paints layout marks on a 2-D canvas context (the SVG twin is `marksGroup`). */
import type { Baseline, ChartTheme, Mark } from '../layout/positionsMarks';

const BASELINE: Record<Baseline, CanvasTextBaseline> = { top: 'top', middle: 'middle', bottom: 'bottom' };

export function paintMarks(g: CanvasRenderingContext2D, marks: readonly Mark[], theme: Pick<ChartTheme, 'font'>): void {
  for (const m of marks) {
    g.setLineDash([]);
    g.globalAlpha = 1;
    switch (m.kind) {
      case 'circle':
        g.beginPath();
        g.arc(m.x, m.y, m.r, 0, 2 * Math.PI);
        if (m.fill) {
          g.fillStyle = m.fill;
          g.fill();
        }
        if (m.stroke) {
          g.strokeStyle = m.stroke;
          g.lineWidth = m.strokeWidth ?? 1;
          g.stroke();
        }
        break;
      case 'line':
        g.beginPath();
        g.moveTo(m.x1, m.y1);
        g.lineTo(m.x2, m.y2);
        g.strokeStyle = m.stroke;
        g.lineWidth = m.strokeWidth;
        g.setLineDash(m.dash ?? []);
        g.stroke();
        break;
      case 'polyline':
        g.beginPath();
        for (let i = 0; i + 1 < m.points.length; i += 2) (i === 0 ? g.moveTo : g.lineTo).call(g, m.points[i], m.points[i + 1]);
        g.strokeStyle = m.stroke;
        g.lineWidth = m.strokeWidth;
        g.globalAlpha = m.opacity ?? 1;
        g.stroke();
        break;
      case 'rect':
        if (m.fill) {
          g.fillStyle = m.fill;
          g.fillRect(m.x, m.y, m.width, m.height);
        }
        if (m.stroke) {
          g.strokeStyle = m.stroke;
          g.lineWidth = m.strokeWidth ?? 1;
          g.setLineDash(m.dash ?? []);
          g.strokeRect(m.x, m.y, m.width, m.height);
        }
        break;
      case 'text':
        g.save();
        g.font = `${m.bold ? 'bold ' : ''}${m.size}px ${theme.font}`;
        g.fillStyle = m.fill;
        g.textAlign = m.anchor === 'middle' ? 'center' : m.anchor === 'end' ? 'right' : 'left';
        g.textBaseline = BASELINE[m.baseline];
        g.translate(m.x, m.y);
        if (m.rotate) g.rotate((m.rotate * Math.PI) / 180);
        g.fillText(m.text, 0, 0);
        g.restore();
        break;
      case 'image':
        break; // pictures are separate canvases on screen; only exports embed them
    }
  }
  g.setLineDash([]);
  g.globalAlpha = 1;
}


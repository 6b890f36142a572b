/**
 * Line wrapping of the Entities view for its SVG/PNG export: plain text
 * breaks at spaces and newlines, an entity chip never breaks. Text widths
 * come from `measure` (canvas measureText in the browser), so this stays pure.
 */
import type { TextRun } from './entities';

export interface PlacedPiece {
  x: number;
  line: number;
  width: number;
  text: string;
  /** Present for a chip. */
  chip?: { type: string; label: string; score: number; labelWidth: number };
}

export interface WrapStyle {
  width: number;
  /** Chip padding on each side, and the gap between the entity text and its label. */
  pad: number;
  gap: number;
}

export function wrapRuns(text: string, runs: readonly TextRun[], style: WrapStyle, measure: (s: string, small?: boolean) => number): { pieces: PlacedPiece[]; lines: number } {
  const pieces: PlacedPiece[] = [];
  let x = 0;
  let line = 0;
  const place = (width: number, piece: Omit<PlacedPiece, 'x' | 'line' | 'width'>) => {
    if (x > 0 && x + width > style.width) {
      line++;
      x = 0;
    }
    pieces.push({ ...piece, x, line, width });
    x += width;
  };
  for (const r of runs) {
    const s = text.slice(r.start, r.end);
    if (r.kind === 'entity') {
      const tag = `${r.label} ${Math.round(100 * r.score)}%`;
      const labelWidth = measure(tag, true);
      place(measure(s) + labelWidth + 2 * style.pad + style.gap, { text: s, chip: { type: r.type, label: tag, score: r.score, labelWidth } });
      continue;
    }
    // Keep each word with its following spaces; newlines force a break.
    const parts = s.split(/(\r\n|\r|\n)/);
    for (const part of parts) {
      if (/^(\r\n|\r|\n)$/.test(part)) {
        line++;
        x = 0;
        continue;
      }
      for (const word of part.match(/\S+\s*|\s+/g) ?? []) place(measure(word), { text: word });
    }
  }
  return { pieces, lines: line + 1 };
}

/**
 * Entities and tokens as CSV (RFC 4180: every field quoted when needed, CRLF
 * rows), for spreadsheets. A cell that a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR) gets a leading apostrophe: document text
 * is data, never code.
 */
import { AnalysisResult } from '../protocol';

function cell(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : '';
  const safe = /^[=+\-@\t\r]/.test(v) ? "'" + v : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const rows = (header: string[], body: (string | number)[][]) => [header, ...body].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';

/** One row per entity: start, end (UTF-16 offsets), label, score, text. */
export function spansCsv(result: AnalysisResult): string {
  return rows(['start', 'end', 'label', 'score', 'text'], result.spans.map((s) => [s.start, s.end, s.label, s.score, s.text]));
}

/** One row per word piece, with its label, score, position id and window. */
export function tokensCsv(result: AnalysisResult, text: string): string {
  return rows(
    ['index', 'piece', 'id', 'start', 'end', 'text', 'label', 'score', 'position', 'window'],
    result.tokens.map((t) => [t.index, t.piece, t.id, t.start, t.end, text.slice(t.start, t.end), t.label, t.score, t.positionId, t.window]),
  );
}

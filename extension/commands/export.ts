/**
 * Export Results…: the latest analysis as JSON (the CLI's full result), CSV
 * (entities or tokens), CoNLL, or the CLI's HTML report. Written to a temporary
 * name and renamed, so a failed write never leaves half a file.
 */
import * as vscode from 'vscode';
import { log, showError } from '../log';
import type { Services } from '../services';
import { writeFileAtomic } from '../writeFile';

const FORMATS = [
  { id: 'json', label: 'JSON', detail: 'The full result: tokens, spans, windows, attention, positions', ext: 'json' },
  { id: 'entities-csv', label: 'CSV: entities', detail: 'One row per entity: offsets, label, score, text', ext: 'csv' },
  { id: 'tokens-csv', label: 'CSV: tokens', detail: 'One row per word piece: label, score, position id, window', ext: 'csv' },
  { id: 'conll', label: 'CoNLL', detail: 'One word per line with its IOB2 tag (reads back with bert-lens eval)', ext: 'conll' },
  { id: 'html', label: 'HTML report', detail: 'The text with its entities highlighted, as `bert-lens analyze --html`', ext: 'html' },
] as const;

export async function exportResults(services: Services, formatArg?: string, targetArg?: vscode.Uri): Promise<string | undefined> {
  const placed = services.decorations.latest();
  if (!placed) {
    void vscode.window.showInformationMessage('BERT Lens: nothing to export yet. Run "BERT Lens: Analyze Selection" first.');
    return undefined;
  }
  const format = formatArg ? FORMATS.find((f) => f.id === formatArg) : await vscode.window.showQuickPick([...FORMATS], { title: 'BERT Lens: Export Results' });
  if (!format) return undefined;
  const target = targetArg ?? (await vscode.window.showSaveDialog({ saveLabel: 'Export', filters: { [format.label]: [format.ext] } }));
  if (!target) return undefined;
  try {
    const { result, text } = placed;
    let content: string;
    if (format.id === 'json') content = (await import('../../src/report/json')).toJson({ text, result });
    else if (format.id === 'entities-csv') content = (await import('../../src/report/csv')).spansCsv(result);
    else if (format.id === 'tokens-csv') content = (await import('../../src/report/csv')).tokensCsv(result, text);
    else if (format.id === 'conll') content = (await import('../../src/report/conll')).toConll(result, text);
    else content = (await import('../../src/report/html')).renderHtmlReport(result, text);
    writeFileAtomic(target.fsPath, content);
    log.info(`exported ${format.label} to ${target.fsPath}`);
    return target.fsPath;
  } catch (e) {
    void showError(`Exporting to ${target.fsPath}`, e);
    return undefined;
  }
}

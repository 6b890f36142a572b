/**
 * Analyze Selection / Analyze Document: runs the engine with a cancellable
 * progress notification (window k of n), then decorates the editor and
 * updates the panel and the status bar. A new run cancels the one before it:
 * only the last one's result is shown.
 */
import * as vscode from 'vscode';
import { CancelledError } from '../../src/errors';
import type { BertModel } from '../../src/model/model';
import type { AnalysisResult, SourceRef } from '../../src/protocol';
import { limitNotes, outputLimits } from '../core/outputLimits';
import { textHash } from '../core/textHash';
import { currentSettings } from '../config';
import { loadEngine } from '../engine';
import { log, showError } from '../log';
import type { Services } from '../services';

/** What the command returns (the integration tests read it). */
export interface AnalyzeSummary {
  uri: string;
  /** Entities in document offsets. */
  spans: { label: string; text: string; start: number; end: number; score: number }[];
  tokens: number;
  windows: number;
  provider: string;
}

let current: AbortController | undefined;

/** Cancels the analysis in progress, if any (the command "Cancel Analysis"; the progress notification's Cancel does the same). */
export function cancelAnalysis(): boolean {
  if (!current) return false;
  current.abort();
  return true;
}

export async function analyze(services: Services, scope: 'selection' | 'document'): Promise<AnalyzeSummary | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('BERT Lens: open a text editor and select some text to analyze.');
    return undefined;
  }
  const doc = editor.document;
  const range =
    scope === 'document'
      ? new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length))
      : editor.selection.isEmpty
        ? doc.lineAt(editor.selection.active.line).range
        : new vscode.Range(editor.selection.start, editor.selection.end);
  const text = doc.getText(range);
  if (text.trim() === '') {
    void vscode.window.showInformationMessage(
      scope === 'document' ? 'BERT Lens: nothing to analyze: the document is empty.' : 'BERT Lens: nothing to analyze: the selection (or the current line) is empty or white space. Select some text first.',
    );
    return undefined;
  }
  return run(services, doc, range, text, scope);
}

/**
 * Analyses the same text again for a panel revived after a window reload,
 * if the document still holds exactly that text at that place.
 */
export async function analyzeSource(services: Services, source: SourceRef): Promise<AnalyzeSummary | undefined> {
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(source.uri, true));
  } catch (e) {
    log.info(`panel restore: ${source.uri} cannot be opened (${String(e)}); not re-running its analysis`);
    return undefined;
  }
  const full = doc.getText();
  if (source.end > full.length || textHash(full.slice(source.start, source.end)) !== source.hash) {
    log.info(`panel restore: ${source.uri} changed since the analysis; not re-running it`);
    services.panel.stale();
    return undefined;
  }
  const range = new vscode.Range(doc.positionAt(source.start), doc.positionAt(source.end));
  return run(services, doc, range, doc.getText(range), 'selection');
}

async function run(services: Services, doc: vscode.TextDocument, range: vscode.Range, text: string, scope: 'selection' | 'document'): Promise<AnalyzeSummary | undefined> {
  const settings = currentSettings();
  if (text.length > settings.maxCharacters) {
    const go = await vscode.window.showWarningMessage(
      `BERT Lens: the ${scope} has ${text.length.toLocaleString('en')} characters, more than bertLens.maxCharacters (${settings.maxCharacters.toLocaleString('en')}). Analyze it anyway? It runs in windows and can be cancelled.`,
      { modal: true },
      'Analyze',
    );
    if (go !== 'Analyze') return undefined;
  }

  current?.abort();
  const ctl = new AbortController();
  current = ctl;
  const base = doc.offsetAt(range.start);
  const version = doc.version;
  services.status.update(services.models.nameFor(settings), undefined, true);
  let result: AnalysisResult;
  let ranWith: BertModel | undefined;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'BERT Lens', cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => ctl.abort());
        progress.report({ message: 'loading the model…' });
        const model = await services.models.get(settings);
        ranWith = model;
        if (ctl.signal.aborted) throw new CancelledError();
        const engine = await loadEngine();
        // The setting is a default for 512-token models; a model with shorter windows gets the overlap it can take.
        const content = model.info.maxLength - 2;
        const stride = settings.stride < content ? settings.stride : engine.defaultStride(content);
        if (stride !== settings.stride) log.info(`stride ${settings.stride} does not fit ${model.info.name}'s ${content}-token windows; using ${stride}`);
        let last = 0;
        const limits = outputLimits(model.config, model.info.maxLength, text.length);
        const r = await engine.analyze(model, text, {
          aggregation: settings.aggregation,
          stride,
          attention: settings.attention && { windows: limits.attentionWindows },
          positions: settings.positions && limits.positions,
          signal: ctl.signal,
          onProgress: (done, total) => {
            progress.report({ message: `window ${done} of ${total}`, increment: (100 * (done - last)) / total });
            last = done;
            services.panel.progress(done, total);
          },
        });
        const notes = limitNotes(r, settings.attention, settings.positions && !limits.positions);
        notes.forEach((n) => log.info(n));
        r.warnings.push(...notes);
        return r;
      },
    );
  } catch (e) {
    if (e instanceof CancelledError || ctl.signal.aborted) return undefined;
    services.status.update(services.models.nameFor(settings));
    void showError('Analysis failed', e);
    return undefined;
  } finally {
    if (current === ctl) current = undefined;
  }
  if (ctl.signal.aborted) return undefined; // superseded by a newer run
  if (doc.version !== version) {
    void vscode.window.showWarningMessage('BERT Lens: the document changed during the analysis; its result was not applied. Run the analysis again.');
    services.status.update(services.models.nameFor(settings), result.provider);
    return undefined;
  }
  const placed = services.decorations.place(doc, base, result, text);
  services.status.update(result.model.name, result.provider);
  services.panel.show(doc, placed, ranWith);
  return {
    uri: doc.uri.toString(),
    spans: placed.spans.map((s) => ({ label: s.label, text: s.text, start: s.start, end: s.end, score: s.score })),
    tokens: result.tokens.length,
    windows: result.windows.length,
    provider: result.provider.used,
  };
}

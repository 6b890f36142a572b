/**
 * The host side of the panel: shows results in it (made compact by the
 * engine's panelResult: attention goes one layer at a time on request),
 * answers its requests (attention layers, UMAP), selects a token's text in
 * the editor, exports a view, and re-runs the analysis for a panel revived
 * after a reload.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { BertModel } from '../../src/model/model';
import type { AttentionLayerRef, ProjectionMethod, SourceRef } from '../../src/protocol';
import { textHash } from '../core/textHash';
import { Placed } from '../decorations';
import { loadEngine } from '../engine';
import { log } from '../log';
import { writeFileAtomic } from '../writeFile';
import { Panel, PanelHandlers } from './panel';

interface Shown {
  uri: vscode.Uri;
  placed: Placed;
  model?: BertModel;
  source: SourceRef;
}

export class PanelHost {
  private last?: Shown;
  /** Set by activate: re-runs the analysis a revived panel showed. */
  restore: (source: SourceRef) => Promise<unknown> = async () => undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  readonly handlers: PanelHandlers = {
    ready: (restore) => this.ready(restore),
    reveal: (start, end) => void this.reveal(start, end),
    requestAttention: (window, layer) => void this.sendAttention(window, layer),
    requestProjection: (method) => void this.sendProjection(method),
    exportData: (format, view, data) => void this.exportData(format, view, data),
  };

  show(doc: vscode.TextDocument, placed: Placed, model?: BertModel): void {
    const source = { uri: doc.uri.toString(), start: placed.base, end: placed.base + placed.text.length, hash: textHash(placed.text) };
    this.last = { uri: doc.uri, placed, model, source };
    Panel.createOrShow(this.extensionUri, this.handlers);
    void this.resend();
  }

  /** Where the analysis the panel shows came from (tests read it). */
  shownSource(): SourceRef | undefined {
    return this.last?.source;
  }

  open(): void {
    Panel.createOrShow(this.extensionUri, this.handlers);
    void this.resend();
  }

  progress(window: number, windows: number): void {
    void Panel.instance?.post({ type: 'analysis/progress', window, windows });
  }

  clear(): void {
    this.last = undefined;
    void Panel.instance?.post({ type: 'analysis/clear' });
  }

  /** A revived panel's text changed in the document: say so instead of showing a stale result. */
  stale(): void {
    void Panel.instance?.post({ type: 'analysis/error', message: 'The text this panel showed has changed in the document since. Select it and run BERT Lens: Analyze Selection again.' });
  }

  focusToken(token: number): void {
    this.open();
    void Panel.instance?.post({ type: 'token/focus', token });
  }

  private ready(restore?: SourceRef): void {
    if (this.last || !restore) {
      void this.resend();
      return;
    }
    log.info(`panel revived: analysing ${restore.uri} [${restore.start}, ${restore.end}) again`);
    void this.restore(restore);
  }

  private async resend(): Promise<void> {
    const shown = this.last;
    if (!shown || !Panel.instance) return;
    const engine = await loadEngine();
    const t0 = performance.now();
    const result = engine.panelResult(shown.placed.result);
    const ms = performance.now() - t0;
    if (ms > 50) log.debug(`panel message prepared in ${ms.toFixed(0)} ms`);
    void Panel.instance.post({ type: 'analysis/show', result, text: shown.placed.text, source: shown.source });
  }

  private async sendAttention(window: number, layer: AttentionLayerRef): Promise<void> {
    const a = this.last?.placed.result.attention?.find((w) => w.window === window);
    if (!a) {
      log.warn(`the panel asked for attention of window ${window}, which this result does not have`);
      return;
    }
    const engine = await loadEngine();
    try {
      const weights = await engine.attentionLayer(a, layer);
      void Panel.instance?.post({ type: 'attention/layer', window, layer, weights });
    } catch (e) {
      log.warn(`attention layer ${layer} of window ${window}: ${String(e)}`);
    }
  }

  private async sendProjection(method: ProjectionMethod): Promise<void> {
    const model = this.last?.model;
    const matrix = model?.positionMatrix();
    if (!matrix) {
      void Panel.instance?.post({ type: 'positions/projection', method, error: 'No position-embedding table is available for this result (run the analysis again).' });
      return;
    }
    const engine = await loadEngine();
    try {
      const t0 = performance.now();
      const points = await engine.umapProjection(matrix.data, matrix.rows, matrix.cols);
      log.info(`UMAP of ${matrix.rows} position embeddings in ${(performance.now() - t0).toFixed(0)} ms`);
      void Panel.instance?.post({ type: 'positions/projection', method, points });
    } catch (e) {
      log.error(`UMAP failed: ${String(e)}`);
      void Panel.instance?.post({ type: 'positions/projection', method, error: `UMAP failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  /** Selects, in the editor, the text at [start, end) of the analysed text. */
  private async reveal(start: number, end: number): Promise<void> {
    if (!this.last) return;
    const { uri, placed } = this.last;
    if (end > placed.text.length) return;
    let from = placed.base + start;
    let to = placed.base + end;
    if (placed.edited) {
      // The document changed: follow the tokens, which moved with the edits.
      const covered = placed.tokens.filter((t) => t.start < end && t.end > start);
      if (covered.length === 0) {
        void vscode.window.showInformationMessage('BERT Lens: that text was edited after the analysis. Run the analysis again.');
        return;
      }
      from = covered[0].docStart;
      to = covered[covered.length - 1].docEnd;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    const range = new vscode.Range(doc.positionAt(from), doc.positionAt(to));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async exportData(format: 'json' | 'png' | 'svg', view: string, data?: string): Promise<void> {
    if (data === undefined) return;
    const target = await vscode.window.showSaveDialog({ saveLabel: 'Export', filters: { [format.toUpperCase()]: [format] } });
    if (!target) return;
    const bytes = format === 'png' ? Buffer.from(data.replace(/^data:image\/png;base64,/, ''), 'base64') : Buffer.from(data, 'utf8');
    writeFileAtomic(target.fsPath, bytes);
    log.info(`exported the ${view} view as ${format} to ${target.fsPath} (${fs.statSync(target.fsPath).size} bytes)`);
  }
}

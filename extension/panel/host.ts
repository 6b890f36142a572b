/**
 * The host side of the panel: shows results in it, and acts on what it asks
 * (select a token's text in the editor, export a view).
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { Placed } from '../decorations';
import { log } from '../log';
import { writeFileAtomic } from '../writeFile';
import { Panel, PanelHandlers } from './panel';

export class PanelHost {
  private last?: { uri: vscode.Uri; placed: Placed };

  constructor(private readonly extensionUri: vscode.Uri) {}

  readonly handlers: PanelHandlers = {
    ready: () => this.resend(),
    reveal: (start, end) => void this.reveal(start, end),
    requestAttention: (window) => log.debug(`panel asked for the attention of window ${window}: it is part of the result already sent`),
    exportData: (format, view, data) => void this.exportData(format, view, data),
  };

  show(doc: vscode.TextDocument, placed: Placed): void {
    this.last = { uri: doc.uri, placed };
    const panel = Panel.createOrShow(this.extensionUri, this.handlers);
    void panel.post({ type: 'analysis/show', result: placed.result, text: placed.text });
  }

  open(): void {
    Panel.createOrShow(this.extensionUri, this.handlers);
    this.resend();
  }

  progress(window: number, windows: number): void {
    void Panel.instance?.post({ type: 'analysis/progress', window, windows });
  }

  clear(): void {
    this.last = undefined;
    void Panel.instance?.post({ type: 'analysis/clear' });
  }

  focusToken(token: number): void {
    this.open();
    void Panel.instance?.post({ type: 'token/focus', token });
  }

  private resend(): void {
    if (this.last) void Panel.instance?.post({ type: 'analysis/show', result: this.last.placed.result, text: this.last.placed.text });
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

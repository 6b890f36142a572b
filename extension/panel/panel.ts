/**
 * The one BERT Lens panel. `createOrShow` reveals it (or creates it), the
 * serializer revives it after a reload; the host posts typed messages
 * (src/protocol.ts) and validates every message that comes back.
 */
import * as vscode from 'vscode';
import { assertNever, AttentionLayerRef, HostToWebviewMessage, parseWebviewMessage, ProjectionMethod, SourceRef, WebviewToHostMessage } from '../../src/protocol';
import { log } from '../log';
import { panelHtml } from './html';

export const PANEL_VIEW_TYPE = 'bertLens.panel';

export interface PanelHandlers {
  reveal(start: number, end: number): void;
  requestAttention(window: number, layer: AttentionLayerRef): void;
  requestProjection(method: ProjectionMethod): void;
  exportData(format: 'json' | 'png' | 'svg', view: string, data?: string): void;
  /** The webview (re)loaded: send it the current result, or re-run the one it showed before a reload. */
  ready(restore?: SourceRef): void;
}

export class Panel implements vscode.Disposable {
  private static current?: Panel;
  private readonly disposables: vscode.Disposable[] = [];

  static createOrShow(extensionUri: vscode.Uri, handlers: PanelHandlers): Panel {
    if (Panel.current) {
      Panel.current.panel.reveal(vscode.ViewColumn.Beside, true);
      return Panel.current;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'BERT Lens', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, Panel.options(extensionUri));
    return (Panel.current = new Panel(panel, extensionUri, handlers));
  }

  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, handlers: PanelHandlers): Panel {
    Panel.current?.dispose();
    return (Panel.current = new Panel(panel, extensionUri, handlers));
  }

  static get instance(): Panel | undefined {
    return Panel.current;
  }

  /** Scripts on, and only the built webview folder readable. */
  static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [webviewRoot(extensionUri)] };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly handlers: PanelHandlers,
  ) {
    panel.webview.options = Panel.options(extensionUri);
    panel.webview.html = panelHtml(panel.webview, webviewRoot(extensionUri));
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
    );
  }

  post(message: HostToWebviewMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const m: WebviewToHostMessage | undefined = parseWebviewMessage(raw);
    if (!m) {
      log.warn(`Ignored a malformed message from the panel: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (m.type) {
      case 'ready':
        return this.handlers.ready(m.restore);
      case 'token/reveal':
        return this.handlers.reveal(m.start, m.end);
      case 'attention/request':
        return this.handlers.requestAttention(m.window, m.layer);
      case 'positions/request':
        return this.handlers.requestProjection(m.method);
      case 'export':
        return this.handlers.exportData(m.format, m.view, m.data);
      default:
        assertNever(m);
    }
  }

  dispose(): void {
    if (Panel.current === this) Panel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'panel');
}

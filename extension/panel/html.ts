/** The panel's HTML for a webview: its URIs and CSP source filled into the pure markup (extension/core/panelMarkup.ts). */
import * as vscode from 'vscode';
import { nonce, panelMarkup } from '../core/panelMarkup';

export function panelHtml(webview: vscode.Webview, webviewRoot: vscode.Uri): string {
  return panelMarkup({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'main.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'main.css')).toString(),
    nonce: nonce(),
  });
}

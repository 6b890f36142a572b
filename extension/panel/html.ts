/**
 * The panel's HTML: a strict Content-Security-Policy (nothing by default,
 * scripts only with this load's nonce, styles and images only from the
 * extension's webview folder), and no document text in the markup: the
 * analysed text arrives later as a message and is rendered as text.
 */
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';

export function nonce(): string {
  return crypto.randomBytes(18).toString('base64');
}

export function panelHtml(webview: vscode.Webview, webviewRoot: vscode.Uri): string {
  const n = nonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'main.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'main.css'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${n}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data: blob:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>BERT Lens</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="empty">Select text and run <b>BERT Lens: Analyze Selection</b>.</p></main>
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
}

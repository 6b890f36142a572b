/**
 * The panel's HTML: a strict Content-Security-Policy (nothing by default,
 * scripts only with this load's nonce, styles and images only from the
 * extension's webview folder, no inline styles or eval), and no document
 * text in the markup: the analysed text arrives later as a message and is
 * rendered as text. Pure, so the browser tests load exactly this page.
 */
import * as crypto from 'node:crypto';

export function nonce(): string {
  return crypto.randomBytes(18).toString('base64');
}

export interface MarkupSources {
  /** `webview.cspSource`: where the panel may load its script, styles and fonts from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

export function panelMarkup(s: MarkupSources): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${s.nonce}'`,
    // The nonce lets the toolkit's one feature probe (a <style> testing :focus-visible) run; no other inline style applies.
    `style-src ${s.cspSource} 'nonce-${s.nonce}'`,
    `img-src ${s.cspSource} data: blob:`,
    `font-src ${s.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${s.nonce}">
<link rel="stylesheet" href="${s.styleUri}">
<title>BERT Lens</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="empty">Select text and run <b>BERT Lens: Analyze Selection</b>.</p></main>
<script nonce="${s.nonce}" src="${s.scriptUri}"></script>
</body>
</html>`;
}

/** Hover over an analysed token: label, top-3, pieces, position, and a link to its attention. */
import * as vscode from 'vscode';
import { FOCUS_TOKEN_COMMAND, hoverMarkdown } from './core/hoverText';
import { Decorations } from './decorations';

export function registerHover(decorations: Decorations): vscode.Disposable {
  return vscode.languages.registerHoverProvider(
    { pattern: '**' },
    {
      provideHover(document, position) {
        const placed = decorations.get(document);
        if (!placed) return undefined;
        const offset = document.offsetAt(position);
        const token = placed.tokens.find((t) => t.docStart <= offset && offset < t.docEnd);
        if (!token) return undefined;
        const span = placed.spans.find((s) => s.start <= token.docStart && token.docEnd <= s.end);
        const md = new vscode.MarkdownString(hoverMarkdown({ token, tokens: placed.result.tokens, span, windows: placed.result.windows.length }));
        // Only our own command may run from the hover; document text in it is escaped.
        md.isTrusted = { enabledCommands: [FOCUS_TOKEN_COMMAND] };
        md.supportHtml = false;
        return new vscode.Hover(md, new vscode.Range(document.positionAt(token.docStart), document.positionAt(token.docEnd)));
      },
    },
  );
}

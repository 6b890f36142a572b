/**
 * Entity spans in the editor, coloured by type with contributed theme colours
 * (`bertLens.entity.PER` ...), and a faint underline under low-confidence
 * tokens. Decoration types are created once; ranges follow edits (shifted by
 * edits before them, dropped by edits inside them) and are redrawn debounced.
 */
import * as vscode from 'vscode';
import type { AnalysisResult, EntitySpan, TokenResult } from '../src/protocol';
import { shiftRanges } from './core/rangeShift';
import { DecorationStyle } from './core/settings';

export const ENTITY_TYPES = ['PER', 'LOC', 'ORG', 'MISC'] as const;
const REDRAW_MS = 50;

/** A result placed in a document: offsets are document offsets. */
export interface Placed {
  result: AnalysisResult;
  text: string;
  /** Document offset of the analysed text's first character (at analysis time). */
  base: number;
  spans: (EntitySpan & { index: number })[];
  tokens: (TokenResult & { docStart: number; docEnd: number })[];
  /** True once the document changed after the analysis (some ranges moved or were dropped). */
  edited?: boolean;
}

function typeOf(label: string): string {
  const t = label.replace(/^[BIESLU]-/, '');
  return (ENTITY_TYPES as readonly string[]).includes(t) ? t : 'OTHER';
}

export class Decorations implements vscode.Disposable {
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  private readonly lowConfidence: vscode.TextEditorDecorationType;
  private readonly placed = new Map<string, Placed>();
  private readonly disposables: vscode.Disposable[] = [];
  private redraw?: NodeJS.Timeout;

  constructor(private style: DecorationStyle, private threshold: number) {
    for (const t of [...ENTITY_TYPES, 'OTHER']) this.types.set(t, this.entityType(t));
    // Theme colours reach CSS as --vscode-<id with dots as dashes>.
    this.lowConfidence = vscode.window.createTextEditorDecorationType({
      textDecoration: 'underline dotted var(--vscode-bertLens-lowConfidence)',
    });
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.placed.delete(d.uri.toString())),
      vscode.window.onDidChangeVisibleTextEditors(() => this.schedule()),
    );
  }

  private entityType(t: string): vscode.TextEditorDecorationType {
    return vscode.window.createTextEditorDecorationType({
      backgroundColor: this.style === 'background' ? new vscode.ThemeColor(`bertLens.entity.${t}`) : undefined,
      border: this.style === 'off' ? undefined : this.style === 'underline' ? '0 0 2px 0' : '1px',
      borderStyle: 'solid',
      borderRadius: this.style === 'background' ? '3px' : undefined,
      borderColor: new vscode.ThemeColor(`bertLens.entityBorder.${t}`),
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
  }

  /** New settings: rebuild the types (rare), redraw. */
  configure(style: DecorationStyle, threshold: number): void {
    if (style !== this.style) {
      this.style = style;
      for (const [t, d] of this.types) {
        d.dispose();
        this.types.set(t, this.entityType(t));
      }
    }
    this.threshold = threshold;
    this.schedule();
  }

  place(document: vscode.TextDocument, base: number, result: AnalysisResult, text: string): Placed {
    const placed: Placed = {
      result,
      text,
      base,
      spans: result.spans.map((s, index) => ({ ...s, index, start: base + s.start, end: base + s.end })),
      tokens: result.tokens.map((t) => ({ ...t, docStart: base + t.start, docEnd: base + t.end })),
    };
    this.placed.set(document.uri.toString(), placed);
    for (const e of vscode.window.visibleTextEditors) if (e.document === document) this.draw(e);
    return placed;
  }

  get(document: vscode.TextDocument): Placed | undefined {
    return this.placed.get(document.uri.toString());
  }

  /** The most recently placed result, for Export and the panel. */
  latest(): Placed | undefined {
    return [...this.placed.values()].at(-1);
  }

  clear(): void {
    this.placed.clear();
    for (const e of vscode.window.visibleTextEditors) this.draw(e);
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const placed = this.placed.get(e.document.uri.toString());
    if (!placed || e.contentChanges.length === 0) return;
    const changes = e.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, insertedLength: c.text.length }));
    placed.spans = shiftRanges(placed.spans, changes).ranges;
    placed.edited = true;
    // Tokens keep their offsets into the analysed text; only their document range moves.
    const moved = shiftRanges(
      placed.tokens.map((t) => ({ start: t.docStart, end: t.docEnd })),
      changes,
    );
    placed.tokens = moved.kept.map((k, i) => ({ ...placed.tokens[k], docStart: moved.ranges[i].start, docEnd: moved.ranges[i].end }));
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.redraw);
    this.redraw = setTimeout(() => {
      for (const e of vscode.window.visibleTextEditors) this.draw(e);
    }, REDRAW_MS);
  }

  private draw(editor: vscode.TextEditor): void {
    const placed = this.placed.get(editor.document.uri.toString());
    const doc = editor.document;
    const range = (start: number, end: number) => new vscode.Range(doc.positionAt(start), doc.positionAt(end));
    for (const [t, type] of this.types) {
      const spans = this.style === 'off' || !placed ? [] : placed.spans.filter((s) => typeOf(s.label) === t);
      editor.setDecorations(
        type,
        spans.map((s) => range(s.start, s.end)),
      );
    }
    const low = !placed || this.threshold <= 0 ? [] : placed.tokens.filter((tk) => tk.score < this.threshold);
    editor.setDecorations(
      this.lowConfidence,
      low.map((tk) => range(tk.docStart, tk.docEnd)),
    );
  }

  dispose(): void {
    clearTimeout(this.redraw);
    for (const d of this.types.values()) d.dispose();
    this.lowConfidence.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * The hover over an analysed token, as Markdown: its entity and confidence,
 * its top-3 labels, the word pieces of its word with their ids, its position
 * id (and window when the text took several), and a command link that focuses
 * the token in the panel. Document text is escaped: it is shown, never
 * interpreted as Markdown or HTML.
 */
import { EntitySpan, TokenResult } from '../../src/protocol';

export const FOCUS_TOKEN_COMMAND = 'bertLens.focusToken';

/** Escapes every character Markdown could treat as syntax. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&$:"']/g, (c) => '\\' + c).replace(/\r?\n|\r/g, ' ');
}

const pct = (p: number) => `${(100 * p).toFixed(1)}%`;

export interface HoverInput {
  token: TokenResult;
  /** All pieces of the analysed text (to list the token's word). */
  tokens: readonly TokenResult[];
  /** The entity containing the token, if any. */
  span?: EntitySpan;
  windows: number;
}

export function hoverMarkdown({ token, tokens, span, windows }: HoverInput): string {
  const lines: string[] = [];
  lines.push(
    span
      ? `**${escapeMarkdown(span.label)}** ${pct(span.score)} · “${escapeMarkdown(span.text)}”`
      : `**${escapeMarkdown(token.label)}** (no entity) ${pct(token.score)}`,
  );
  lines.push('');
  lines.push(`Token \`${token.index}\`: ${token.topK.slice(0, 3).map((k) => `${escapeMarkdown(k.label)} ${pct(k.score)}`).join(' · ')}`);
  const word = tokens.filter((t) => t.word === token.word);
  lines.push('');
  lines.push(`Pieces: ${word.map((t) => `${t.index === token.index ? '**' : ''}${escapeMarkdown(t.piece)}${t.index === token.index ? '**' : ''} (${t.id})`).join(' ')}`);
  lines.push('');
  lines.push(`Position id ${token.positionId}${windows > 1 ? ` · window ${token.window + 1} of ${windows}` : ''}`);
  lines.push('');
  lines.push(`[Show attention for this token](command:${FOCUS_TOKEN_COMMAND}?${encodeURIComponent(JSON.stringify([token.index]))})`);
  return lines.join('\n');
}

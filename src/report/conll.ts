/**
 * The result as CoNLL columns: one word per line (`word<TAB>tag`), the tag of
 * its first piece in IOB2, a blank line wherever the text breaks a line
 * between two words. Reads back with `bert-lens eval` and most NER tools.
 */
import { AnalysisResult } from '../protocol';

export function toConll(result: AnalysisResult, text: string): string {
  const lines: string[] = [];
  let prevEnd = -1;
  let prevType = '';
  for (let i = 0; i < result.tokens.length; ) {
    const first = result.tokens[i];
    let j = i + 1;
    while (j < result.tokens.length && result.tokens[j].word === first.word) j++;
    const end = result.tokens[j - 1].end;
    if (prevEnd >= 0 && /[\r\n]/.test(text.slice(prevEnd, first.start)) && lines.at(-1) !== '') {
      lines.push('');
      prevType = '';
    }
    // A word's text never holds a tab or newline (the tokenizer splits on white space); guard anyway.
    const word = text.slice(first.start, end).replace(/\s/g, '_');
    const type = first.label === 'O' ? '' : first.label.replace(/^[BIES]-/, '');
    // IOB2: an I- that does not continue its type starts an entity.
    const tag = type === '' ? 'O' : /^[IE]-/.test(first.label) && prevType === type ? `I-${type}` : `B-${type}`;
    lines.push(`${word}\t${tag}`);
    prevType = type;
    prevEnd = end;
    i = j;
  }
  return lines.join('\n') + '\n';
}

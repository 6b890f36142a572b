/**
 * The Model tab's content as rows of facts, timing segments and windows.
 * Pure: the view only turns these into a table and a bar.
 */
import type { PanelResult } from '../../src/protocol';

export interface Fact {
  name: string;
  value: string;
}

export function modelFacts(r: PanelResult): Fact[] {
  const m = r.model;
  const p = r.provider;
  return [
    { name: 'Model', value: m.name },
    { name: 'Family', value: m.family },
    { name: 'Folder', value: m.path },
    { name: 'ONNX file', value: m.onnxFile },
    { name: 'Layers', value: String(m.layers) },
    { name: 'Heads', value: String(m.heads) },
    { name: 'Hidden size', value: String(m.hidden) },
    { name: 'Max positions', value: `${m.maxPositions}${m.positionOffset ? ` (first real position ${m.positionOffset})` : ''}` },
    { name: 'Window', value: `${m.maxLength} tokens with [CLS]/[SEP], stride ${r.stride}` },
    { name: 'Vocabulary', value: m.vocabSize.toLocaleString('en') },
    { name: 'Labels', value: m.labels.join(', ') },
    { name: 'Provider', value: `${p.used}${p.fallbacks.length ? ` (after ${p.fallbacks.map((f) => `${f.provider}: ${f.reason}`).join('; ')})` : ''}` },
    { name: 'Requested', value: `${p.requested.join(', ') || 'auto'}${p.explicit ? '' : ' (auto)'}` },
    { name: 'Attention', value: attentionNote(r) },
    { name: 'Position embeddings', value: m.capabilities.positions ? 'read from the graph' : 'not found in the graph' },
    { name: 'Hidden states', value: m.capabilities.hiddenStates ? 'exported' : 'not exported' },
    { name: 'Text', value: `${r.textLength.toLocaleString('en')} UTF-16 code units, ${r.tokens.length.toLocaleString('en')} tokens, ${r.windows.length} window${r.windows.length === 1 ? '' : 's'}` },
  ];
}

function attentionNote(r: PanelResult): string {
  switch (r.model.capabilities.attention) {
    case 'native':
      return 'exported by the model';
    case 'graph-edit':
      return 'obtained by graph edit (Softmax outputs of each layer)';
    case 'unavailable':
      return 'not available';
  }
}

export interface TimingSegment {
  name: string;
  ms: number;
  /** Left edge and width as fractions of the total. */
  x: number;
  width: number;
}

/** The total split into session creation, tokenize, run and post-process (what remains is shown as "other"). */
export function timingSegments(r: PanelResult): TimingSegment[] {
  const t = r.timings;
  const parts: [string, number][] = [
    ['session', t.sessionMs],
    ['tokenize', t.tokenizeMs],
    ['run', t.runMs],
    ['post-process', t.postprocessMs],
  ];
  const known = parts.reduce((a, [, ms]) => a + ms, 0);
  const total = Math.max(t.totalMs, known);
  if (total - known > 0.05 * total) parts.push(['other', total - known]);
  let x = 0;
  return parts
    .filter(([, ms]) => ms > 0)
    .map(([name, ms]) => {
      const seg = { name, ms, x: total > 0 ? x / total : 0, width: total > 0 ? ms / total : 0 };
      x += ms;
      return seg;
    });
}

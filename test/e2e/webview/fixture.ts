/**
 * What the browser tests show in the panel: a real analysis by the bundled
 * model (attention and positions included), and a host that answers the
 * panel's requests with the real engine functions, as extension/panel/host.ts does.
 */
import { analyze } from '../../../src/analyze';
import { attentionLayer, panelResult } from '../../../src/analysis/panelData';
import { umapProjection } from '../../../src/analysis/umap';
import { BUNDLED_MODEL } from '../../../src/cli/defaultModel';
import { BertModel } from '../../../src/model/model';
import type { AnalysisResult, HostToWebviewMessage, SourceRef } from '../../../src/protocol';
import type { Host } from './harness';

export const TEXT =
  'Angela Merkel visited the Microsoft office in Seattle on Tuesday.\nLater, Tim Cook met her at Apple Park in Cupertino, California.';

export interface Recorded {
  model: BertModel;
  result: AnalysisResult;
  text: string;
  show: HostToWebviewMessage;
}

/** `windows` cuts the text into stride windows of that many tokens (with [CLS]/[SEP]), as a long text would be. */
export async function recordAnalysis(text = TEXT, options: { maxLength?: number; stride?: number; attention?: boolean; positions?: boolean } = {}): Promise<Recorded> {
  const model = await BertModel.load(BUNDLED_MODEL, { providers: ['cpu'] });
  const result = await analyze(model, text, { attention: true, positions: true, ...options });
  const source: SourceRef = { uri: 'file:///workspace/sample.txt', start: 0, end: text.length, hash: 'sample' };
  return { model, result, text, show: { type: 'analysis/show', result: panelResult(result), text, source } };
}

/** Answers like the extension host: attention layers, UMAP, and the analysis again when a reloaded panel asks. */
export function engineHost(r: Recorded): Host {
  return async (m, panel) => {
    switch (m.type) {
      case 'ready':
        if (m.restore) await panel.send(r.show);
        return;
      case 'attention/request': {
        const a = r.result.attention?.find((w) => w.window === m.window);
        if (a) await panel.send({ type: 'attention/layer', window: m.window, layer: m.layer, weights: await attentionLayer(a, m.layer) });
        return;
      }
      case 'positions/request': {
        const p = r.model.positionMatrix();
        if (p) await panel.send({ type: 'positions/projection', method: m.method, points: await umapProjection(p.data, p.rows, p.cols) });
        return;
      }
      default:
        return;
    }
  };
}

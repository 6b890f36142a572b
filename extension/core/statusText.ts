/**
 * What the status bar item shows: the model and the execution provider in
 * use (`BERT Lens: bert-lens-ner · cpu`), in a warning state when a GPU
 * provider the user asked for fell back to the CPU, with the reasons.
 */
import { ProviderReport } from '../../src/protocol';

export interface StatusView {
  text: string;
  tooltip: string;
  warning: boolean;
}

export function statusView(model: string, provider: ProviderReport | undefined, busy = false): StatusView {
  const spin = busy ? '$(sync~spin) ' : '';
  if (!provider) {
    return { text: `${spin}BERT Lens: ${model}`, tooltip: `Model ${model} (loads on first analysis). Click to choose another model.`, warning: false };
  }
  const fellBack = provider.fallbacks.filter((f) => f.provider !== provider.used);
  const warning = provider.explicit && fellBack.length > 0;
  const lines = [`Model ${model}, running on ${provider.used}.`];
  if (fellBack.length > 0) {
    lines.push('', warning ? 'Requested providers that could not be used:' : 'GPU providers tried first (setting "auto"):');
    for (const f of fellBack) lines.push(`- ${f.provider}: ${f.reason}`);
  }
  lines.push('', 'Click to choose another model.');
  return { text: `${spin}${warning ? '$(warning) ' : ''}BERT Lens: ${model} · ${provider.used}`, tooltip: lines.join('\n'), warning };
}

/** BERT Lens engine: the public API. Re-exports only. */
export { analyze } from './analyze';
export type { AnalyzeOptions } from './analyze';
export { BertModel } from './model/model';
export type { LoadOptions } from './model/model';
export { resolveProviders } from './model/providers';
export { TextTokenizer } from './tokenizer/tokenizer';
export { aggregate } from './ner/aggregate';
export { planWindows, assignOwners, defaultStride } from './ner/windows';
export { mergeToWords, attentionRollout, wordGroups, headMatrix } from './analysis/attention';
export { cosineSimilarity, sinusoidalTable } from './analysis/positions';
export { projectPca } from './analysis/projection';
export { downloadModel, cachedModels } from './hub/download';
export type { DownloadOptions, DownloadProgress, DownloadManifest } from './hub/download';
export * from './errors';
export * from './protocol';
export type { Logger } from './logger';

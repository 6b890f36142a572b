/**
 * Builds the position-embedding part of an analysis result. The text-free
 * part (similarities, projections) is computed once per model and cached.
 */
import { BertModel } from '../model/model';
import { Matrix } from '../model/initializers';
import { PositionAnalysis, TokenEmbeddingParts, TokenResult } from '../protocol';
import { cosine, cosineSimilarity, norm, sinusoidalTable } from './positions';
import { projectPca } from './projection';

type ModelPart = Pick<PositionAnalysis, 'rows' | 'hidden' | 'offset' | 'source' | 'pca2d' | 'pca3d' | 'explainedVariance' | 'similarity' | 'sinusoidalSimilarity'>;
type TokenPart = Pick<PositionAnalysis, 'used' | 'tokens' | 'tokenSource'>;

const cache = new WeakMap<BertModel, ModelPart>();

export function analysePositions(model: BertModel, m: Matrix): ModelPart {
  let part = cache.get(model);
  if (!part) {
    const projection = projectPca(m);
    part = {
      rows: m.rows,
      hidden: m.cols,
      offset: model.config.positionOffset,
      source: model.embeddings.position?.initializer ?? '',
      ...projection,
      similarity: cosineSimilarity(m),
      sinusoidalSimilarity: cosineSimilarity(sinusoidalTable(m.rows, m.cols)),
    };
    cache.set(model, part);
  }
  return part;
}

/**
 * Norms of each token's word, position and token-type vectors and the
 * cosines between them. Position vectors come from the graph's own lookup
 * when it was fetched (`graphRows`), else from the table row of the token's
 * position id. Token type is 0 for every token (single-sequence input).
 */
export function tokenParts(model: BertModel, tokens: TokenResult[], m: Matrix, graphRows?: Float32Array): TokenPart {
  const hidden = m.cols;
  const typeRow = model.config.typeVocabSize > 0 ? model.embeddingRow('tokenType', 0) : undefined;
  const used = new Set<number>();
  const parts: TokenEmbeddingParts[] = tokens.map((t) => {
    used.add(t.positionId);
    const pos = graphRows ? graphRows.subarray(t.index * hidden, (t.index + 1) * hidden) : m.data.subarray(t.positionId * hidden, (t.positionId + 1) * hidden);
    const word = model.embeddingRow('word', t.id);
    return {
      token: t.index,
      positionId: t.positionId,
      wordNorm: word ? norm(word) : 0,
      positionNorm: norm(pos),
      typeNorm: typeRow ? norm(typeRow) : 0,
      cosWordPosition: word ? cosine(word, pos) : 0,
      cosWordType: word && typeRow ? cosine(word, typeRow) : 0,
      cosPositionType: typeRow ? cosine(pos, typeRow) : 0,
    };
  });
  return { used: [...used].sort((a, b) => a - b), tokens: parts, tokenSource: graphRows ? 'graph-output' : 'initializer' };
}

/**
 * Finds where attention probabilities and embedding lookups live in a graph,
 * and exposes them as extra graph outputs without re-encoding the weights.
 */
import { NodeInfo, OnnxGraph, ONNX_FLOAT, ValueInfo } from './onnxGraph';
import { ProtoWriter } from './protobuf';

/** Ops that compute attention internally (no Softmax node to tap). */
const FUSED_ATTENTION_OPS = new Set([
  'Attention',
  'MultiHeadAttention',
  'PackedAttention',
  'PackedMultiHeadAttention',
  'GroupQueryAttention',
  'DecoderMaskedMultiHeadAttention',
]);

/** Ops that may sit between the attention Softmax and the MatMul with V. */
const PASS_THROUGH_OPS = new Set(['Dropout', 'Cast', 'Identity', 'Where']);

export type AttentionSource =
  /** The model outputs attentions itself: one stacked 5-D output or one output per layer. */
  | { kind: 'native'; outputs: string[]; stacked: boolean }
  /** Softmax outputs to add as graph outputs, in layer order. */
  | { kind: 'softmax'; outputs: string[] }
  | { kind: 'unavailable'; reason: string };

const LAYER_NUMBER = /layers?[._/](\d+)/i;

function layerOf(n: NodeInfo): number | undefined {
  const m = LAYER_NUMBER.exec(n.name) ?? LAYER_NUMBER.exec(n.outputs[0] ?? '');
  return m ? Number(m[1]) : undefined;
}

/**
 * Where to get attention probabilities from.
 * @param layers the number of encoder layers the config declares
 */
export function findAttention(graph: OnnxGraph, layers: number): AttentionSource {
  const native = nativeAttentionOutputs(graph.outputs, layers);
  if (native) return native;

  const consumers = consumerMap(graph.nodes);
  const softmax = graph.nodes.filter(
    (n) => n.opType === 'Softmax' && (n.domain === '' || n.domain === 'ai.onnx') && feedsMatMul(n.outputs[0], consumers),
  );
  if (softmax.length > 0) {
    // Node order is topological, which is layer order; a layer number in the
    // name, when every node has one, is the stronger evidence.
    const numbered = softmax.map((n) => ({ n, layer: layerOf(n) }));
    if (numbered.every((x) => x.layer !== undefined)) numbered.sort((a, b) => (a.layer as number) - (b.layer as number));
    if (softmax.length !== layers) {
      return {
        kind: 'unavailable',
        reason: `found ${softmax.length} attention Softmax nodes but config.json declares ${layers} layers`,
      };
    }
    return { kind: 'softmax', outputs: numbered.map((x) => x.n.outputs[0]) };
  }
  const fused = graph.nodes.filter((n) => FUSED_ATTENTION_OPS.has(n.opType));
  if (fused.length > 0) {
    const op = `${fused[0].domain || 'ai.onnx'}:${fused[0].opType}`;
    return {
      kind: 'unavailable',
      reason: `fused attention (${fused.length} ${op} node${fused.length > 1 ? 's' : ''}) computes its probabilities internally, so there is no Softmax to expose; export the model without the ONNX Runtime transformers optimizer to see attention`,
    };
  }
  return { kind: 'unavailable', reason: 'no attention Softmax nodes found in the graph' };
}

function nativeAttentionOutputs(outputs: ValueInfo[], layers: number): AttentionSource | undefined {
  const att = outputs.filter((o) => /attention/i.test(o.name));
  if (att.length === 0) return undefined;
  if (att.length === 1 && (att[0].dims.length === 5 || (!att[0].hasShape && layers > 1))) {
    return { kind: 'native', outputs: [att[0].name], stacked: true };
  }
  if (att.length === layers) {
    const byIndex = att
      .map((o) => ({ o, i: Number(/(\d+)(?!.*\d)/.exec(o.name)?.[1] ?? NaN) }))
      .sort((a, b) => a.i - b.i);
    const ordered = byIndex.every((x) => !Number.isNaN(x.i)) ? byIndex.map((x) => x.o) : att;
    return { kind: 'native', outputs: ordered.map((o) => o.name), stacked: false };
  }
  return undefined;
}

function consumerMap(nodes: NodeInfo[]): Map<string, NodeInfo[]> {
  const m = new Map<string, NodeInfo[]>();
  for (const n of nodes) {
    for (const i of n.inputs) {
      const list = m.get(i);
      if (list) list.push(n);
      else m.set(i, [n]);
    }
  }
  return m;
}

/** True when the value reaches a MatMul (the product with V) through pass-through ops. */
function feedsMatMul(value: string, consumers: Map<string, NodeInfo[]>, depth = 0): boolean {
  if (depth > 4) return false;
  for (const c of consumers.get(value) ?? []) {
    if (c.opType === 'MatMul' || c.opType === 'Einsum') return true;
    if (PASS_THROUGH_OPS.has(c.opType) && feedsMatMul(c.outputs[0], consumers, depth + 1)) return true;
  }
  return false;
}

export interface EmbeddingLookup {
  /** The initializer holding the table. */
  initializer: string;
  /** The Gather output (the looked-up rows), when a Gather reads the table. */
  gatherOutput?: string;
}

export interface EmbeddingTables {
  word?: EmbeddingLookup;
  position?: EmbeddingLookup;
  tokenType?: EmbeddingLookup;
}

/**
 * Finds the word, position and token-type embedding tables by name
 * (Hugging Face exports keep `*.position_embeddings.weight`), else by shape.
 */
export function findEmbeddings(
  graph: OnnxGraph,
  shape: { vocabSize: number; maxPositions: number; typeVocabSize: number; hidden: number },
): EmbeddingTables {
  const tables: EmbeddingTables = {};
  const byName: [keyof EmbeddingTables, RegExp, number][] = [
    ['word', /word_embeddings/, shape.vocabSize],
    ['position', /position_embeddings/, shape.maxPositions],
    ['tokenType', /token_type_embeddings/, shape.typeVocabSize],
  ];
  const gathers = graph.nodes.filter((n) => n.opType === 'Gather');
  for (const [key, re, rows] of byName) {
    let init = [...graph.initializers.values()].find(
      (i) => re.test(i.name) && i.dims.length === 2 && i.dims[1] === shape.hidden,
    );
    if (!init) {
      // Renamed by the exporter (e.g. onnx::Gather_12): match the table a Gather reads by its shape.
      const candidates = gathers
        .map((g) => graph.initializers.get(g.inputs[0]))
        .filter((i) => i && i.dims.length === 2 && i.dims[0] === rows && i.dims[1] === shape.hidden);
      if (candidates.length === 1) init = candidates[0];
    }
    if (!init) continue;
    // A table stored as float16 reaches its Gather through a Cast to float32.
    const name = init.name;
    const cast = graph.nodes.find((n) => n.opType === 'Cast' && n.inputs[0] === name);
    const gather = gathers.find((g) => g.inputs[0] === name || (cast !== undefined && g.inputs[0] === cast.outputs[0]));
    tables[key] = { initializer: init.name, gatherOutput: gather?.outputs[0] };
  }
  return tables;
}

/**
 * Returns the model bytes with `names` added as float graph outputs.
 *
 * Protobuf merges a repeated field that appears again, so appending a
 * serialized `ModelProto { graph { output: [...] } }` to the original bytes
 * adds outputs to the existing graph without decoding or re-encoding the
 * weights (and keeps fields this reader does not know).
 */
export function appendGraphOutputs(model: Uint8Array, names: string[]): Uint8Array {
  if (names.length === 0) return model;
  const w = new ProtoWriter();
  w.message(7, (graph) => {
    for (const name of names) {
      graph.message(12, (vi) => {
        vi.string(1, name);
        vi.message(2, (type) => type.message(1, (tensor) => tensor.uint(1, ONNX_FLOAT)));
      });
    }
  });
  const tail = w.finish();
  const out = new Uint8Array(model.length + tail.length);
  out.set(model, 0);
  out.set(tail, model.length);
  return out;
}

/**
 * Reads the structure of an ONNX model (nodes, inputs, outputs, where each
 * initializer's bytes live) without decoding any weights.
 */
import * as path from 'node:path';
import { ProtoFormatError, ProtoReader, WIRE_FIXED32, WIRE_LENGTH } from './protobuf';

/** onnx.TensorProto.DataType values the engine cares about. */
export const ONNX_FLOAT = 1;
export const ONNX_INT32 = 6;
export const ONNX_INT64 = 7;
export const ONNX_FLOAT16 = 10;

const ELEMENT_BYTES: Record<number, number> = { 1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 16: 2 };

/** Where a tensor's little-endian element bytes are: a byte range of a file. */
export interface TensorLocation {
  file: string;
  offset: number;
  length: number;
  /** True when the bytes are in an external data file, not the .onnx itself. */
  external: boolean;
}

export interface InitializerInfo {
  name: string;
  dims: number[];
  dataType: number;
  /** Undefined when the values are stored in a form we do not read (e.g. int64_data). */
  location?: TensorLocation;
}

export interface NodeInfo {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  /** Scalar attributes only (ints, floats, strings). */
  attributes: Record<string, number | string>;
}

export interface ValueInfo {
  name: string;
  elemType: number;
  /** Fixed sizes as numbers, symbolic ones as their names, unknown as ''. */
  dims: (number | string)[];
  /** False when the value info carries no shape at all. */
  hasShape: boolean;
}

export interface OnnxGraph {
  irVersion: number;
  producer: string;
  opsets: { domain: string; version: number }[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  nodes: NodeInfo[];
  initializers: Map<string, InitializerInfo>;
}

/**
 * Parses `bytes` (the whole .onnx file at `modelPath`). External data
 * locations are resolved relative to the model's folder.
 * @throws ProtoFormatError when the bytes are not a well-formed ONNX model.
 */
export function parseOnnx(bytes: Uint8Array, modelPath: string): OnnxGraph {
  const r = new ProtoReader(bytes);
  const g: OnnxGraph = { irVersion: 0, producer: '', opsets: [], inputs: [], outputs: [], nodes: [], initializers: new Map() };
  let sawGraph = false;
  while (!r.done) {
    const f = r.next();
    if (f.number === 1 && f.wire === 0) g.irVersion = f.value;
    else if (f.number === 2 && f.wire === WIRE_LENGTH) g.producer = r.string(f);
    else if (f.number === 7 && f.wire === WIRE_LENGTH) {
      // Several graph fields merge (protobuf rules); we accumulate them likewise.
      readGraph(r.sub(f), g, modelPath);
      sawGraph = true;
    } else if (f.number === 8 && f.wire === WIRE_LENGTH) g.opsets.push(readOpset(r.sub(f)));
  }
  if (!sawGraph) throw new ProtoFormatError('no graph in the file');
  if (g.irVersion === 0) throw new ProtoFormatError('no ir_version: not an ONNX ModelProto');
  if (g.nodes.length === 0) throw new ProtoFormatError('the graph has no nodes');
  // Before IR 4, initializers were also listed as graph inputs.
  g.inputs = g.inputs.filter((i) => !g.initializers.has(i.name));
  return g;
}

function readOpset(r: ProtoReader): { domain: string; version: number } {
  const o = { domain: '', version: 0 };
  while (!r.done) {
    const f = r.next();
    if (f.number === 1 && f.wire === WIRE_LENGTH) o.domain = r.string(f);
    else if (f.number === 2 && f.wire === 0) o.version = f.value;
  }
  return o;
}

function readGraph(r: ProtoReader, g: OnnxGraph, modelPath: string): void {
  while (!r.done) {
    const f = r.next();
    if (f.wire !== WIRE_LENGTH) continue;
    switch (f.number) {
      case 1:
        g.nodes.push(readNode(r.sub(f)));
        break;
      case 5: {
        const t = readTensor(r.sub(f), modelPath);
        g.initializers.set(t.name, t);
        break;
      }
      case 11:
        g.inputs.push(readValueInfo(r.sub(f)));
        break;
      case 12:
        g.outputs.push(readValueInfo(r.sub(f)));
        break;
    }
  }
}

function readNode(r: ProtoReader): NodeInfo {
  const n: NodeInfo = { name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: {} };
  while (!r.done) {
    const f = r.next();
    if (f.wire !== WIRE_LENGTH) continue;
    if (f.number === 1) n.inputs.push(r.string(f));
    else if (f.number === 2) n.outputs.push(r.string(f));
    else if (f.number === 3) n.name = r.string(f);
    else if (f.number === 4) n.opType = r.string(f);
    else if (f.number === 7) n.domain = r.string(f);
    else if (f.number === 5) readAttribute(r.sub(f), n.attributes);
  }
  return n;
}

function readAttribute(r: ProtoReader, into: Record<string, number | string>): void {
  let name = '';
  let value: number | string | undefined;
  while (!r.done) {
    const f = r.next();
    if (f.number === 1 && f.wire === WIRE_LENGTH) name = r.string(f);
    else if (f.number === 2 && f.wire === WIRE_FIXED32) value = Buffer.from(r.buf.buffer, r.buf.byteOffset + f.start, 4).readFloatLE(0);
    else if (f.number === 3 && f.wire === 0) value = r.signedAt(f);
    else if (f.number === 4 && f.wire === WIRE_LENGTH) value = r.string(f);
  }
  if (name && value !== undefined) into[name] = value;
}

function readTensor(r: ProtoReader, modelPath: string): InitializerInfo {
  const t: InitializerInfo = { name: '', dims: [], dataType: 0 };
  let raw: { start: number; end: number } | undefined;
  let floats: { start: number; end: number } | undefined;
  let externalLocation = false;
  const external: Record<string, string> = {};
  while (!r.done) {
    const f = r.next();
    switch (f.number) {
      case 1:
        r.int64s(f, t.dims);
        break;
      case 2:
        t.dataType = f.value;
        break;
      case 4:
        if (f.wire === WIRE_LENGTH) floats = f; // packed float_data: the same little-endian layout as raw_data
        break;
      case 8:
        t.name = r.string(f);
        break;
      case 9:
        raw = f;
        break;
      case 13: {
        const kv = readStringPair(r.sub(f));
        external[kv[0]] = kv[1];
        break;
      }
      case 14:
        externalLocation = f.value === 1;
        break;
    }
  }
  const elements = t.dims.reduce((a, b) => a * b, 1);
  if (externalLocation && external.location !== undefined) {
    const size = ELEMENT_BYTES[t.dataType] ?? 0;
    t.location = {
      file: path.resolve(path.dirname(modelPath), external.location),
      offset: Number(external.offset ?? 0),
      length: external.length !== undefined ? Number(external.length) : elements * size,
      external: true,
    };
  } else {
    const range = raw ?? floats;
    if (range) t.location = { file: modelPath, offset: range.start, length: range.end - range.start, external: false };
  }
  return t;
}

function readStringPair(r: ProtoReader): [string, string] {
  let k = '';
  let v = '';
  while (!r.done) {
    const f = r.next();
    if (f.number === 1 && f.wire === WIRE_LENGTH) k = r.string(f);
    else if (f.number === 2 && f.wire === WIRE_LENGTH) v = r.string(f);
  }
  return [k, v];
}

function readValueInfo(r: ProtoReader): ValueInfo {
  const v: ValueInfo = { name: '', elemType: 0, dims: [], hasShape: false };
  while (!r.done) {
    const f = r.next();
    if (f.number === 1 && f.wire === WIRE_LENGTH) v.name = r.string(f);
    else if (f.number === 2 && f.wire === WIRE_LENGTH) readType(r.sub(f), v);
  }
  return v;
}

function readType(r: ProtoReader, v: ValueInfo): void {
  while (!r.done) {
    const f = r.next();
    if (f.number !== 1 || f.wire !== WIRE_LENGTH) continue; // tensor_type
    const t = r.sub(f);
    while (!t.done) {
      const g = t.next();
      if (g.number === 1 && g.wire === 0) v.elemType = g.value;
      else if (g.number === 2 && g.wire === WIRE_LENGTH) {
        v.hasShape = true;
        const s = t.sub(g);
        while (!s.done) {
          const d = s.next();
          if (d.number === 1 && d.wire === WIRE_LENGTH) v.dims.push(readDim(s.sub(d)));
        }
      }
    }
  }
}

function readDim(r: ProtoReader): number | string {
  let dim: number | string = '';
  while (!r.done) {
    const f = r.next();
    if (f.number === 1 && f.wire === 0) dim = r.signedAt(f);
    else if (f.number === 2 && f.wire === WIRE_LENGTH) dim = r.string(f);
  }
  return dim;
}

/** Number of bytes per element of an ONNX data type (0 if unknown). */
export function elementBytes(dataType: number): number {
  return ELEMENT_BYTES[dataType] ?? 0;
}

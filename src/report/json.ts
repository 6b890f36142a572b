/**
 * Streams a result as JSON. Typed arrays become plain number arrays, written
 * in chunks, so a bert-base attention tensor (37 million floats per window)
 * never has to fit in one JavaScript string.
 */

export interface JsonSink {
  write(chunk: string): void;
}

const CHUNK = 8192;

/** Rounds to 6 significant digits: float32 carries about 7, JSON readers want fewer bytes. */
function num(v: number): string {
  if (!Number.isFinite(v)) return 'null';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

function isTypedArray(v: unknown): v is Float32Array | Int32Array | Float64Array | Uint8Array {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

export function writeJson(value: unknown, out: JsonSink, indent = ''): void {
  if (isTypedArray(value)) {
    out.write('[');
    for (let i = 0; i < value.length; i += CHUNK) {
      const parts: string[] = [];
      const end = Math.min(value.length, i + CHUNK);
      for (let j = i; j < end; j++) parts.push(num(value[j] as number));
      out.write((i > 0 ? ',' : '') + parts.join(','));
    }
    out.write(']');
    return;
  }
  if (value === null || typeof value !== 'object') {
    out.write(typeof value === 'number' ? num(value) : value === undefined ? 'null' : JSON.stringify(value));
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return void out.write('[]');
    // Arrays of scalars on one line; arrays of objects one element per line.
    const flat = value.every((v) => v === null || typeof v !== 'object');
    out.write('[');
    value.forEach((v, i) => {
      if (i > 0) out.write(',');
      if (!flat) out.write('\n' + inner);
      writeJson(v, out, inner);
    });
    out.write(flat ? ']' : '\n' + indent + ']');
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return void out.write('{}');
  out.write('{');
  entries.forEach(([k, v], i) => {
    out.write((i > 0 ? ',' : '') + '\n' + inner + JSON.stringify(k) + ': ');
    writeJson(v, out, inner);
  });
  out.write('\n' + indent + '}');
}

/** The whole JSON text (for small values and tests). */
export function toJson(value: unknown): string {
  const parts: string[] = [];
  writeJson(value, { write: (c) => parts.push(c) });
  return parts.join('');
}

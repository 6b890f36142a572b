/**
 * Just enough of the protobuf wire format to walk an ONNX file without
 * decoding its weights: length-delimited fields are handed back as byte
 * ranges, so a 400 MB model is inspected without copying its tensors.
 * (A schema-driven library would materialise every field; we need a few.)
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH = 2;
export const WIRE_FIXED32 = 5;

export class ProtoFormatError extends Error {}

export interface Field {
  number: number;
  wire: number;
  /** Varint value (wire 0); fixed values are returned as their byte range. */
  value: number;
  /** Byte range of the payload for length-delimited and fixed fields. */
  start: number;
  end: number;
}

export class ProtoReader {
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /**
   * Unsigned varint as a JS number. Values above 2^53 lose precision; ONNX
   * only stores such values as negative int64s, which `signed` handles.
   */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtoFormatError('truncated varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new ProtoFormatError('varint longer than 10 bytes');
  }

  /** A varint read as a two's-complement int64 (negative axes, dims of -1). */
  signed(): number {
    const start = this.pos;
    let v = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtoFormatError('truncated varint');
      const b = this.buf[this.pos++];
      v |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return Number(BigInt.asIntN(64, v));
      shift += 7n;
    }
    this.pos = start;
    throw new ProtoFormatError('varint longer than 10 bytes');
  }

  next(): Field {
    const key = this.varint();
    const number = Math.floor(key / 8);
    const wire = key % 8;
    if (number === 0) throw new ProtoFormatError(`invalid field number 0 at byte ${this.pos}`);
    switch (wire) {
      case WIRE_VARINT: {
        const start = this.pos;
        const value = this.varint();
        return { number, wire, value, start, end: this.pos };
      }
      case WIRE_FIXED64:
        return this.fixed(number, wire, 8);
      case WIRE_FIXED32:
        return this.fixed(number, wire, 4);
      case WIRE_LENGTH: {
        const len = this.varint();
        const start = this.pos;
        const end = start + len;
        if (end > this.end) throw new ProtoFormatError(`field ${number} runs past the end (${end} > ${this.end})`);
        this.pos = end;
        return { number, wire, value: len, start, end };
      }
      default:
        throw new ProtoFormatError(`unsupported wire type ${wire} for field ${number}`);
    }
  }

  private fixed(number: number, wire: number, size: number): Field {
    const start = this.pos;
    if (start + size > this.end) throw new ProtoFormatError(`truncated fixed${size * 8} field ${number}`);
    this.pos += size;
    return { number, wire, value: 0, start, end: this.pos };
  }

  /** A reader over a length-delimited field's payload. */
  sub(f: Field): ProtoReader {
    return new ProtoReader(this.buf, f.start, f.end);
  }

  string(f: Field): string {
    return Buffer.from(this.buf.buffer, this.buf.byteOffset + f.start, f.end - f.start).toString('utf8');
  }

  /** Re-reads a varint field as signed int64. */
  signedAt(f: Field): number {
    return new ProtoReader(this.buf, f.start, f.end).signed();
  }

  /** Packed or unpacked repeated int64: call per field occurrence. */
  int64s(f: Field, out: number[]): void {
    if (f.wire === WIRE_VARINT) {
      out.push(this.signedAt(f));
      return;
    }
    const r = this.sub(f);
    while (!r.done) out.push(r.signed());
  }
}

/** Minimal writer for the few messages the engine appends to a model. */
export class ProtoWriter {
  private parts: number[] = [];

  private varint(v: number): void {
    while (v >= 0x80) {
      this.parts.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    this.parts.push(v);
  }

  uint(field: number, v: number): this {
    this.varint(field * 8 + WIRE_VARINT);
    this.varint(v);
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.varint(field * 8 + WIRE_LENGTH);
    this.varint(data.length);
    for (const b of data) this.parts.push(b);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, Buffer.from(s, 'utf8'));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

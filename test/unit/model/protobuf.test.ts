import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtoFormatError, ProtoReader, ProtoWriter } from '../../../src/model/protobuf';

test('ProtoReader reads what ProtoWriter writes, including nested messages', () => {
  const bytes = new ProtoWriter()
    .uint(1, 300)
    .string(2, 'héllo')
    .message(3, (w) => w.uint(1, 2 ** 40))
    .finish();
  const r = new ProtoReader(bytes);
  const a = r.next();
  assert.deepEqual([a.number, a.value], [1, 300]);
  const b = r.next();
  assert.equal(r.string(b), 'héllo');
  const c = r.next();
  const inner = r.sub(c).next();
  assert.equal(inner.value, 2 ** 40);
  assert.ok(r.done);
});

test('ProtoReader reads a 10-byte varint as a negative int64 (axis -1)', () => {
  const minusOne = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  assert.equal(new ProtoReader(minusOne).signed(), -1);
});

test('ProtoReader rejects a length-delimited field that runs past the end', () => {
  const bytes = new ProtoWriter().string(1, 'abcdef').finish().subarray(0, 5);
  assert.throws(() => new ProtoReader(bytes).next(), ProtoFormatError);
});

test('ProtoReader rejects an invalid wire type', () => {
  assert.throws(() => new ProtoReader(Uint8Array.from([0x0b])).next(), /unsupported wire type 3/);
});

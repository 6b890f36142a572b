import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractChunks, parseTag } from '../../../src/eval/chunks';
import { InputError } from '../../../src/errors';

/** Compact form so expectations read like the tags: `PER 0-2`. */
function spans(tags: string[]): string[] {
  return extractChunks(tags).map((c) => `${c.type} ${c.start}-${c.end}`);
}

test('parseTag splits BIOES tags into prefix and type', () => {
  assert.deepEqual(parseTag('B-PER'), { prefix: 'B', type: 'PER' });
  assert.deepEqual(parseTag('I-LOC'), { prefix: 'I', type: 'LOC' });
  assert.deepEqual(parseTag('E-ORG'), { prefix: 'E', type: 'ORG' });
  assert.deepEqual(parseTag('S-MISC'), { prefix: 'S', type: 'MISC' });
  assert.deepEqual(parseTag('O'), { prefix: 'O', type: '' });
});

test('parseTag maps BILOU U- to S- and L- to E-', () => {
  assert.deepEqual(parseTag('U-PER'), { prefix: 'S', type: 'PER' });
  assert.deepEqual(parseTag('L-PER'), { prefix: 'E', type: 'PER' });
});

test('parseTag keeps hyphens inside the type, as in WNUT17 B-creative-work', () => {
  assert.deepEqual(parseTag('B-creative-work'), { prefix: 'B', type: 'creative-work' });
});

test('parseTag reads a tag without prefix as an inside tag of that type', () => {
  assert.deepEqual(parseTag('PER'), { prefix: 'I', type: 'PER' });
});

test('parseTag rejects a prefix with no type and an empty tag', () => {
  assert.throws(() => parseTag('B-'), (e: unknown) => e instanceof InputError && /B-/.test(e.message));
  assert.throws(() => parseTag(''), InputError);
});

test('extractChunks returns nothing for no tags or only O', () => {
  assert.deepEqual(spans([]), []);
  assert.deepEqual(spans(['O', 'O']), []);
});

test('extractChunks joins B-PER I-PER into one chunk', () => {
  assert.deepEqual(spans(['B-PER', 'I-PER', 'O']), ['PER 0-2']);
});

test('extractChunks splits B-PER B-PER into two chunks', () => {
  assert.deepEqual(spans(['B-PER', 'B-PER']), ['PER 0-1', 'PER 1-2']);
});

test('extractChunks splits I-PER I-LOC into two chunks', () => {
  assert.deepEqual(spans(['I-PER', 'I-LOC']), ['PER 0-1', 'LOC 1-2']);
});

test('extractChunks reads IO tagging, where O separates entities', () => {
  assert.deepEqual(spans(['I-PER', 'I-PER', 'O', 'I-LOC']), ['PER 0-2', 'LOC 3-4']);
});

test('extractChunks starts a chunk at an I- after O, as conlleval does', () => {
  assert.deepEqual(spans(['B-PER', 'O', 'I-PER', 'I-PER']), ['PER 0-1', 'PER 2-4']);
});

test('extractChunks closes a chunk still open at the end of the sentence', () => {
  assert.deepEqual(spans(['O', 'B-LOC', 'I-LOC']), ['LOC 1-3']);
});

test('extractChunks reads BIOES tags', () => {
  assert.deepEqual(
    spans(['S-PER', 'B-LOC', 'I-LOC', 'E-LOC', 'S-LOC', 'O', 'B-ORG', 'E-ORG']),
    ['PER 0-1', 'LOC 1-4', 'LOC 4-5', 'ORG 6-8'],
  );
});

test('extractChunks starts a new chunk at an I- or E- right after E-', () => {
  assert.deepEqual(spans(['B-PER', 'E-PER', 'I-PER', 'E-PER', 'E-PER']), ['PER 0-2', 'PER 2-4', 'PER 4-5']);
});

test('extractChunks reads BILOU tags like BIOES', () => {
  assert.deepEqual(spans(['U-PER', 'B-LOC', 'L-LOC', 'O']), ['PER 0-1', 'LOC 1-3']);
});

test('extractChunks ends a chunk where the type changes, even from B- to E-', () => {
  assert.deepEqual(spans(['B-PER', 'E-LOC']), ['PER 0-1', 'LOC 1-2']);
});

test('extractChunks treats unprefixed tags like PER as I-PER', () => {
  assert.deepEqual(spans(['PER', 'PER', 'O', 'LOC', 'ORG']), ['PER 0-2', 'LOC 3-4', 'ORG 4-5']);
});

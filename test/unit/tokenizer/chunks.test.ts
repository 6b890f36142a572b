/**
 * Long texts are tokenized in chunks cut at spaces (so that a 5 MB selection
 * can be cancelled while it is tokenized): the result must be exactly the
 * one-piece encoding, for WordPiece (fast path and binding) and byte-level BPE.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { BUNDLED_MODEL } from '../../../src/cli/defaultModel';
import { CancelledError } from '../../../src/errors';
import { TextTokenizer } from '../../../src/tokenizer/tokenizer';
import { gutenbergBooks } from '../helpers';
import { HOSTILE_FRAGMENTS } from './hostile';
import { FIXTURE_LIST, loadTokenizer, plain } from './invariants';

const tokenizers = async () => [
  ...(await Promise.all(FIXTURE_LIST.map(async (f) => ({ name: f.name, tok: await loadTokenizer(f.dir) })))),
  { name: 'bundled', tok: await TextTokenizer.load(BUNDLED_MODEL) },
];

async function assertChunkedSame(tok: TextTokenizer, text: string, chunkSize: number, what: string): Promise<void> {
  assert.deepEqual(plain(await tok.encode(text, { chunkSize })), plain(await tok.encode(text)), `${what}: chunks of ${chunkSize} in ${JSON.stringify(text.slice(0, 200))}`);
}

test('a whole book in chunks of 500 code units encodes exactly as in one piece', async (t) => {
  const book = gutenbergBooks()[0];
  if (!book) return t.skip('no Gutenberg text');
  const text = fs.readFileSync(book, 'utf8').slice(0, 200_000);
  for (const { name, tok } of await tokenizers()) await assertChunkedSame(tok, text, 500, name);
});

// Words, spaces and the hostile fragments (marks, emoji, CJK, [SEP], CRLF, controls) in any order.
const pieces = fc.constantFrom('John', 'smith', 'Paris', '42', 'a', 'Z9', ' ', ' ', '  ', '\n', ', ', '.', '\u00e9', 'e\u0301', ...HOSTILE_FRAGMENTS);
const chunkedText = fc.tuple(fc.array(pieces, { maxLength: 60 }).map((p) => p.join('')), fc.integer({ min: 1, max: 40 }));

test('any text cut into chunks of 1 to 40 code units encodes exactly as in one piece (200 seeded cases for each of three tokenizers)', async () => {
  for (const { name, tok } of await tokenizers()) {
    await fc.assert(
      fc.asyncProperty(chunkedText, ([text, size]) => assertChunkedSame(tok, text, size, name)),
      { seed: 4242, numRuns: 200 },
    );
  }
});

test('a long text is cut into many chunks, and an aborted signal stops the tokenizer between them', async () => {
  const [{ tok }] = await tokenizers();
  const text = 'John Smith visited Paris. '.repeat(400);
  const ctl = new AbortController();
  ctl.abort();
  await assert.rejects(tok.encode(text, { chunkSize: 100, signal: ctl.signal }), CancelledError);
  // With no space between letters on both sides there is nowhere to cut: one piece, same result.
  await assertChunkedSame(tok, 'x'.repeat(300) + ',' + 'y'.repeat(300), 50, 'unbroken');
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { TextTokenizer } from '../../../src/tokenizer/tokenizer';
import { TINY_BERT, TINY_ROBERTA, checkInvariants, loadTokenizer } from './invariants';
import { anyText, variedSentences } from './hostile';

/**
 * The legacy files (vocab.txt; vocab.json + merges.txt) must give exactly
 * what tokenizer.json gives, or a model shipped without tokenizer.json would
 * get different ids or offsets.
 */
let tmp: string;
let bertDir: string;
let robertaDir: string;

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-lens-'));
  bertDir = path.join(tmp, 'bert-vocab-txt');
  fs.mkdirSync(bertDir);
  for (const f of ['vocab.txt', 'tokenizer_config.json']) fs.copyFileSync(path.join(TINY_BERT.dir, f), path.join(bertDir, f));

  robertaDir = path.join(tmp, 'roberta-vocab-json');
  fs.mkdirSync(robertaDir);
  const json = JSON.parse(fs.readFileSync(path.join(TINY_ROBERTA.dir, 'tokenizer.json'), 'utf8')) as {
    model: { vocab: Record<string, number>; merges: (string | [string, string])[] };
  };
  fs.writeFileSync(path.join(robertaDir, 'vocab.json'), JSON.stringify(json.model.vocab));
  const merges = json.model.merges.map((m) => (typeof m === 'string' ? m : m.join(' ')));
  fs.writeFileSync(path.join(robertaDir, 'merges.txt'), ['#version: 0.2', ...merges].join('\n') + '\n');
  fs.copyFileSync(path.join(TINY_ROBERTA.dir, 'tokenizer_config.json'), path.join(robertaDir, 'tokenizer_config.json'));
});

after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function assertSame(a: TextTokenizer, b: TextTokenizer, text: string): Promise<void> {
  const [x, y] = await Promise.all([a.encode(text), b.encode(text)]);
  const what = JSON.stringify(text);
  assert.deepEqual(Array.from(y.ids), Array.from(x.ids), `ids of ${what}`);
  assert.deepEqual(Array.from(y.offsets), Array.from(x.offsets), `offsets of ${what}`);
  assert.deepEqual(Array.from(y.words), Array.from(x.words), `words of ${what}`);
  assert.deepEqual(y.pieces, x.pieces, `pieces of ${what}`);
}

const cases = [
  { name: 'vocab.txt', fixture: TINY_BERT, dir: () => bertDir, legacySource: 'vocab.txt' },
  { name: 'vocab.json + merges.txt', fixture: TINY_ROBERTA, dir: () => robertaDir, legacySource: 'vocab.json' },
];

for (const c of cases) {
  test(`a ${c.name} folder loads with the same special tokens and vocabulary size as ${c.fixture.name}'s tokenizer.json`, async () => {
    const ref = await loadTokenizer(c.fixture.dir);
    const legacy = await TextTokenizer.load(c.dir());
    assert.equal(path.basename(legacy.source), c.legacySource);
    assert.deepEqual([legacy.prefixIds, legacy.suffixIds, legacy.prefixPieces, legacy.suffixPieces], [ref.prefixIds, ref.suffixIds, ref.prefixPieces, ref.suffixPieces]);
    assert.equal(legacy.vocabSize, ref.vocabSize);
    assert.equal(legacy.unkId, ref.unkId);
  });

  test(`a ${c.name} folder encodes 200 varied sentences exactly like ${c.fixture.name}'s tokenizer.json`, async () => {
    const ref = await loadTokenizer(c.fixture.dir);
    const legacy = await TextTokenizer.load(c.dir());
    const sentences = variedSentences();
    assert.ok(sentences.length >= 200);
    for (const s of sentences) await assertSame(ref, legacy, s);
    // And the whole corpus as one text, so offsets far into a text agree too.
    await assertSame(ref, legacy, sentences.join(' '));
  });

  test(`a ${c.name} folder encodes arbitrary hostile strings like ${c.fixture.name}'s tokenizer.json`, async () => {
    const ref = await loadTokenizer(c.fixture.dir);
    const legacy = await TextTokenizer.load(c.dir());
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        await assertSame(ref, legacy, text);
        checkInvariants(c.fixture.kind, legacy, text, await legacy.encode(text));
      }),
      { seed: 42, numRuns: 200 },
    );
  });
}

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { BUNDLED_MODEL } from '../../../src/cli/defaultModel';
import { main } from '../../../src/cli/main';
import { AnalysisResult } from '../../../src/protocol';
import { fixture, REPO, removeDir } from '../helpers';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-lens-cli-'));
after(() => removeDir(TMP));
const TEXT = 'John Smith visited Paris 😀 and the café in 東京.\r\nMary <img src=x onerror=alert(1)> works at Google.\n';
const INPUT = path.join(TMP, 'input.txt');
fs.writeFileSync(INPUT, TEXT);
const MODEL = ['--model', fixture('tiny-bert')];

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s), readStdin: () => stdin });
  return { code, out, err };
}

test('analyze --json prints the full result with UTF-16 offsets into the file text', async () => {
  const { code, out } = await run(['analyze', INPUT, '--json', ...MODEL]);
  assert.equal(code, 0);
  const r = JSON.parse(out) as AnalysisResult;
  assert.equal(r.textLength, TEXT.length);
  assert.ok(r.tokens.length > 10);
  for (const s of r.spans) assert.equal(TEXT.slice(s.start, s.end), s.text);
  const emoji = r.tokens.find((t) => t.piece === '[UNK]' && TEXT.slice(t.start, t.end) === '😀');
  assert.ok(emoji, 'the emoji maps to its two UTF-16 code units');
  assert.equal(r.provider.used, 'cpu');
  assert.equal(r.windows.length, 1);
  assert.equal(r.attention, undefined);
});

test('analyze --attention --positions adds the tensors to the JSON', async () => {
  const { code, out } = await run(['analyze', INPUT, '--json', '--attention', '--positions', ...MODEL]);
  assert.equal(code, 0);
  const r = JSON.parse(out);
  const a = r.attention[0];
  assert.equal(a.data.length, a.layers * a.heads * a.seq * a.seq);
  assert.equal(r.positions.similarity.length, 64 * 64);
  assert.equal(r.positions.tokens.length, r.tokens.length);
});

test('analyze reads standard input with -, and prints entity and token tables', async () => {
  const { code, out } = await run(['analyze', '-', ...MODEL, '--max-length', '8', '--stride', '2'], 'John Smith visited Paris and London.');
  assert.equal(code, 0);
  assert.match(out, /^Model: tiny-bert \(bert, 2 layers, 2 heads, hidden 32\) on cpu/);
  assert.match(out, /Text: 36 characters, 7 tokens, 2 windows of up to 64 tokens \(stride 2\)/);
  assert.match(out, /Entities \(aggregation first\): \d+/);
  assert.match(out, /#\s+piece\s+start\s+end\s+text\s+pos\s+win\s+label\s+score\s+top-3/);
});

test('analyze --html writes a self-contained report where document text cannot inject markup', async () => {
  const html = path.join(TMP, 'report.html');
  const { code } = await run(['analyze', INPUT, '--html', html, ...MODEL]);
  assert.equal(code, 0);
  const page = fs.readFileSync(html, 'utf8');
  assert.ok(!/<img/i.test(page), 'the text is escaped');
  assert.match(page, /&#60;/);
  assert.match(page, /<td><code>&#60;<\/code><\/td>/, 'the "<" token appears escaped in the token table');
  assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
  assert.ok(!/<script/i.test(page));
  assert.deepEqual(fs.readdirSync(TMP).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
});

test('eval --conll prints entity-level precision, recall and F1 per label with averages', async () => {
  const conll = path.join(TMP, 'mini.conll');
  fs.writeFileSync(conll, '-DOCSTART- O\n\nJohn B-person\nSmith I-person\nvisited O\nParis B-location\n\nMary B-person\nworks O\n');
  const { code, out } = await run(['eval', '--conll', conll, '--map', 'person=PER,location=LOC', ...MODEL]);
  assert.equal(code, 0, out);
  assert.match(out, /2 sentences, 6 tokens/);
  assert.match(out, /label\s+precision\s+recall\s+f1-score\s+support/);
  assert.match(out, /^PER\s+\d\.\d{4}\s+\d\.\d{4}\s+\d\.\d{4}\s+2$/m);
  assert.match(out, /^LOC\s+\d\.\d{4}\s+\d\.\d{4}\s+\d\.\d{4}\s+1$/m);
  assert.match(out, /^micro avg\s/m);
  assert.match(out, /^macro avg\s/m);
  const unmapped = await run(['eval', '--conll', conll, ...MODEL]);
  assert.match(unmapped.out, /gold types location, person are not among the model's labels/);
});

test('eval --sentences scores a slice and --types restricts the entity types', async () => {
  const conll = path.join(TMP, 'slice.conll');
  fs.writeFileSync(conll, 'John B-PER\n\nParis B-LOC\n\nIBM B-ORG\nand O\nEU B-MISC\n');
  const { code, out } = await run(['eval', '--conll', conll, '--sentences', '1:', '--types', 'LOC,ORG', ...MODEL]);
  assert.equal(code, 0, out);
  assert.match(out, /\(sentences 1-2\): 2 sentences, 4 tokens/);
  assert.match(out, /types LOC, ORG only/);
  assert.match(out, /^LOC\s.*\s1$/m);
  assert.match(out, /^ORG\s.*\s1$/m);
  assert.doesNotMatch(out, /^(PER|MISC)\s.*\s[1-9]\d*$/m, 'PER and MISC have no gold support');
  const bad = await run(['eval', '--conll', conll, '--sentences', '5:', ...MODEL]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /The sentence range "5:" is empty: the file has 3 sentences\./);
});

test('eval --join analyses consecutive sentences as one text and still scores every sentence', async () => {
  const conll = path.join(TMP, 'join.conll');
  fs.writeFileSync(conll, 'John B-PER\nSmith I-PER\n\nParis B-LOC\n\nIBM B-ORG\nand O\n');
  const one = await run(['eval', '--conll', conll, '--json', ...MODEL]);
  const joined = await run(['eval', '--conll', conll, '--join', '2', '--json', ...MODEL]);
  assert.equal(joined.code, 0, joined.err);
  const [a, b] = [JSON.parse(one.out), JSON.parse(joined.out)];
  assert.deepEqual([b.sentences, b.tokens, b.micro.support], [a.sentences, a.tokens, a.micro.support]);
  const text = await run(['eval', '--conll', conll, '--join', '2', ...MODEL]);
  assert.match(text.out, /; 2 sentences a text/);
  assert.equal((await run(['eval', '--conll', conll, '--join', '0', ...MODEL])).code, 2);
});

test('eval --json gives machine-readable scores', async () => {
  const conll = path.join(TMP, 'mini2.conll');
  fs.writeFileSync(conll, 'John\tB-PER\nParis\tB-LOC\n');
  const { code, out } = await run(['eval', '--conll', conll, '--json', ...MODEL]);
  assert.equal(code, 0);
  const r = JSON.parse(out);
  assert.equal(r.sentences, 1);
  assert.ok(r.micro.f1 >= 0 && r.micro.f1 <= 1);
});

test('usage errors exit 2 with a message; model errors exit 1', async () => {
  const missing = await run(['analyze', path.join(TMP, 'nope.txt'), ...MODEL]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /Cannot read .*nope\.txt: ENOENT/);
  assert.equal((await run(['frobnicate'])).code, 2);
  assert.equal((await run(['analyze', INPUT, '--bogus'])).code, 2);
  assert.equal((await run(['eval', ...MODEL])).code, 2);
  const badModel = await run(['analyze', INPUT, '--model', TMP]);
  assert.equal(badModel.code, 1);
  assert.match(badModel.err, /No ONNX model in/);
  const badStrategy = await run(['analyze', INPUT, '--aggregation', 'longest', ...MODEL]);
  assert.match(badStrategy.err, /Invalid aggregation strategy "longest"\. Must be one of none, simple, first, average, max\./);
});

test('without --model the bundled model is used', async () => {
  const { code, out, err } = await run(['info']);
  assert.equal(code, 0, err);
  assert.ok(out.split('\n').includes(`path            ${BUNDLED_MODEL}`), out);
  assert.match(out, /^labels +O B-PER I-PER B-LOC I-LOC B-ORG I-ORG B-MISC I-MISC$/m);
});

test('the bert-lens launcher runs the built CLI', () => {
  const p = spawnSync(process.execPath, [path.join(REPO, 'bin', 'bert-lens.js'), 'analyze', INPUT, ...MODEL, '--tokens', '3'], { encoding: 'utf8' });
  assert.equal(p.status, 0, p.stderr);
  assert.match(p.stdout, /Tokens: \d+ \(first 3; --tokens all lists every one\)/);
});

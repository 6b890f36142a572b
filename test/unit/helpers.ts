/** Shared test helpers: fixture paths, float tolerances, temp folders. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Repository root, from dist/test/unit. */
export const REPO = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO, 'test', 'fixtures');
export const fixture = (name: string) => path.join(FIXTURES, name);
/** The read-only shared data (NER corpora, Gutenberg text): the repo's sibling `shared/data`, or $BERT_LENS_SHARED_DATA. */
export const SHARED_DATA = process.env.BERT_LENS_SHARED_DATA ?? path.resolve(REPO, '..', 'shared', 'data');

/** The public-domain books in the shared data, as paths (none when it is absent). */
export function gutenbergBooks(): string[] {
  const dir = path.join(SHARED_DATA, 'text', 'gutenberg');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => path.join(dir, f)) : [];
}

/** Max abs difference allowed between ONNX Runtime and PyTorch outputs (issue: <= 1e-4). */
export const TORCH_TOLERANCE = 1e-4;
/** Two ONNX Runtime runs of the same graph on the same input. */
export const SAME_RUNTIME_TOLERANCE = 1e-6;

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, `length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = 'values'): void {
  const d = maxAbsDiff(actual, expected);
  assert.ok(d <= tol, `${what}: max abs diff ${d} > ${tol}`);
}

export interface ReferenceBatch {
  input_ids: number[][];
  attention_mask: number[][];
  logits_shape: number[];
  logits: number[];
  attentions_shape: number[];
  attentions: number[];
}

export interface Reference {
  batches: ReferenceBatch[];
  position_embeddings: { dims: number[]; data: number[] };
  word_embedding_rows: Record<string, number[]>;
}

export function readReference(name: string): Reference {
  return JSON.parse(fs.readFileSync(path.join(fixture(name), 'reference.json'), 'utf8')) as Reference;
}

/** A copy of a fixture folder in a fresh temp dir, to break on purpose. */
export function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bert-lens-${name}-`));
  for (const f of fs.readdirSync(fixture(name))) fs.copyFileSync(path.join(fixture(name), f), path.join(dir, f));
  return dir;
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

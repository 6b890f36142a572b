/**
 * Where the CLI finds a model when --model is not given: the bundled model
 * in models/, else (until one is bundled) the random-weight test fixture,
 * clearly labelled as such.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Repository root, from dist/src/cli. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export const BUNDLED_MODEL = path.join(REPO_ROOT, 'models', 'bert-lens-ner');
export const FIXTURE_MODEL = path.join(REPO_ROOT, 'test', 'fixtures', 'tiny-bert');

export interface DefaultModel {
  dir: string;
  /** Set when the model is a stand-in whose labels mean nothing. */
  warning?: string;
}

export function defaultModel(): DefaultModel {
  if (fs.existsSync(path.join(BUNDLED_MODEL, 'config.json'))) return { dir: BUNDLED_MODEL };
  return {
    dir: FIXTURE_MODEL,
    warning: `No bundled model in ${path.relative(process.cwd(), BUNDLED_MODEL) || BUNDLED_MODEL} yet: using the random-weight TEST FIXTURE ${path.relative(process.cwd(), FIXTURE_MODEL)}. Its labels are meaningless; offsets, windows and attention are real. Pass --model DIR for a real model.`,
  };
}

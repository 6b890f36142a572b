/** Where the CLI finds a model when --model is not given: the bundled model in models/. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ModelLoadError } from '../errors';

/** Repository root, from dist/src/cli. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export const BUNDLED_MODEL = path.join(REPO_ROOT, 'models', 'bert-lens-ner');

export function defaultModel(): string {
  const config = path.join(BUNDLED_MODEL, 'config.json');
  if (fs.existsSync(config)) return BUNDLED_MODEL;
  throw new ModelLoadError(
    'model-missing',
    `The bundled model is missing (${config} not found). Restore it with \`git checkout -- models/bert-lens-ner\`, ` +
      'retrain it with `training/reproduce.sh ../shared/data`, or pass --model DIR.',
    { file: config },
  );
}

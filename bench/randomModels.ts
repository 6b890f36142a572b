/**
 * Random-weight models of a given size, generated on first use by
 * training/make_random_model.py (Debian's torch) into the ignored
 * bench/.models/ folder. Used by the benchmarks and by the browser test that
 * shows a bert-base-sized result in the panel.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const PYTHON = '/usr/bin/python3';

export type Preset = 'small' | 'base';

/** Absolute folder of a preset's model. */
export const randomModelDir = (preset: Preset) => path.join(ROOT, 'bench', '.models', preset);

/** Generates the model when missing; returns why it cannot be used, or undefined when it is there. */
export function ensureRandomModel(dir: string, preset?: Preset, log: (s: string) => void = (s) => process.stderr.write(s + '\n')): string | undefined {
  const abs = path.resolve(ROOT, dir);
  if (fs.existsSync(path.join(abs, 'model.onnx')) && fs.existsSync(path.join(abs, 'config.json'))) return undefined;
  if (!preset) return `${dir} is missing (npm run fixtures)`;
  if (!fs.existsSync(PYTHON)) return `${dir} is missing and ${PYTHON} is not installed to generate it`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch, onnx'], { encoding: 'utf8' });
  if (probe.status !== 0) return `${dir} is missing and ${PYTHON} cannot import torch and onnx to generate it (apt-get install python3-torch python3-onnx)`;
  log(`generating ${dir} (preset ${preset}) ...`);
  const gen = spawnSync(PYTHON, [path.join('training', 'make_random_model.py'), '--out', abs, '--preset', preset], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (gen.status !== 0) return `generating ${dir} failed (exit ${gen.status}); run ${PYTHON} training/make_random_model.py --out ${dir} --preset ${preset} to see why`;
  return undefined;
}

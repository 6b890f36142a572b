import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, test } from 'node:test';
import { analyze } from '../../../src/analyze';
import { ModelLoadError } from '../../../src/errors';
import { BertModel } from '../../../src/model/model';
import { copyFixture, removeDir } from '../helpers';
import { BREAKAGES, brokenCopy } from './breakages';

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach(removeDir);
  dirs = [];
});
function broken(name: string, edit: (dir: string) => void): string {
  const dir = copyFixture(name);
  dirs.push(dir);
  edit(dir);
  return dir;
}

/** Loads (and runs, since some faults only show at run time) and returns the error. */
async function failure(dir: string): Promise<Error> {
  try {
    const m = await BertModel.load(dir, { providers: ['cpu'] });
    try {
      await analyze(m, 'John Smith visited Paris.');
    } finally {
      await m.dispose();
    }
  } catch (e) {
    return e as Error;
  }
  assert.fail('expected an error');
}

test('a missing folder is named', async () => {
  const e = await failure('/nonexistent/model-folder');
  assert.ok(e instanceof ModelLoadError);
  assert.match(e.message, /Model folder \/nonexistent\/model-folder does not exist/);
});

test('a model in onnx/model.onnx is found', async () => {
  const dir = broken('tiny-bert', (d) => {
    fs.mkdirSync(path.join(d, 'onnx'));
    fs.renameSync(path.join(d, 'model.onnx'), path.join(d, 'onnx', 'model.onnx'));
  });
  const m = await BertModel.load(dir, { providers: ['cpu'] });
  assert.equal(m.info.onnxFile, path.join('onnx', 'model.onnx'));
  await m.dispose();
});

for (const b of BREAKAGES) {
  test(b.what, async () => {
    const dir = brokenCopy(b);
    dirs.push(dir);
    const e = await failure(dir);
    if (b.kind) assert.ok(e instanceof b.kind, `${e.name}: ${e.message}`);
    assert.match(e.message, b.message);
    assert.ok(e.message.includes(b.file), `the message does not name ${b.file}: ${e.message}`);
  });
}

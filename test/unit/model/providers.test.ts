import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../src/analyze';
import { BertModel } from '../../../src/model/model';
import { resolveProviders } from '../../../src/model/providers';
import { fixture } from '../helpers';

test('resolveProviders(auto) is the platform GPU providers then cpu', () => {
  assert.deepEqual(resolveProviders('auto', 'linux'), ['cuda', 'cpu']);
  assert.deepEqual(resolveProviders('auto', 'win32'), ['cuda', 'dml', 'cpu']);
  assert.deepEqual(resolveProviders('auto', 'darwin'), ['coreml', 'cpu']);
});

test('resolveProviders always ends with cpu and drops duplicates', () => {
  assert.deepEqual(resolveProviders(['cuda']), ['cuda', 'cpu']);
  assert.deepEqual(resolveProviders(['CPU', 'cuda', 'cpu']), ['cpu', 'cuda']);
  assert.deepEqual(resolveProviders(['webgpu', 'auto'], 'linux'), ['webgpu', 'cuda', 'cpu']);
});

test('resolveProviders names an invalid provider and the valid ones', () => {
  assert.throws(() => resolveProviders(['tpu']), /Invalid execution provider "tpu"\. Must be one of cuda, webgpu, dml, coreml, cpu, or "auto"\./);
  assert.throws(() => resolveProviders([]), /list is empty/);
});

test('asking for cuda on a machine without it falls back to cpu and says so', async () => {
  const warnings: string[] = [];
  const logger = { error() {}, warn: (m: string) => warnings.push(m), info() {}, debug() {} };
  const m = await BertModel.load(fixture('tiny-bert'), { providers: ['cuda'], logger });
  try {
    const r = await analyze(m, 'John Smith');
    assert.equal(r.provider.used, 'cpu');
    assert.equal(r.provider.explicit, true);
    assert.deepEqual(r.provider.requested, ['cuda', 'cpu']);
    assert.equal(r.provider.fallbacks.length, 1);
    assert.equal(r.provider.fallbacks[0].provider, 'cuda');
    assert.ok(r.provider.fallbacks[0].reason.length > 0);
    assert.match(warnings.join('\n'), /execution provider cuda failed, falling back/);
  } finally {
    await m.dispose();
  }
});

test('the session is created once and reused across analyses', async () => {
  const m = await BertModel.load(fixture('tiny-bert'), { providers: ['cpu'] });
  try {
    assert.equal(m.session.created, 0, 'loading a model does not create a session');
    await analyze(m, 'John Smith');
    await analyze(m, 'Mary');
    assert.equal(m.session.created, 1);
    await m.dispose();
    await assert.rejects(analyze(m, 'again'), /unloaded/);
  } finally {
    await m.dispose();
  }
});

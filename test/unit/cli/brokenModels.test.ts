/**
 * Every broken model folder of ../model/breakages.ts through the CLI: exit
 * code 1, and one line on stderr that says what is wrong, names the file and
 * gives the fix, with no stack trace.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../../src/cli/main';
import { removeDir } from '../helpers';
import { BREAKAGES, brokenCopy } from '../model/breakages';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-lens-cli-broken-'));
const INPUT = path.join(TMP, 'input.txt');
fs.writeFileSync(INPUT, 'John Smith visited Paris.');
const dirs: string[] = [TMP];
after(() => dirs.forEach(removeDir));

for (const b of BREAKAGES) {
  test(`bert-lens analyze: ${b.what}`, async () => {
    const dir = brokenCopy(b);
    dirs.push(dir);
    let out = '';
    let err = '';
    const code = await main(['analyze', INPUT, '--model', dir], { out: (s) => (out += s), err: (s) => (err += s), readStdin: () => '' });
    assert.equal(code, 1, `exit code ${code}; stderr: ${err}`);
    assert.equal(out, '', 'nothing on stdout');
    const lines = err.trim().split('\n');
    assert.equal(lines.length, 1, `one line, got:\n${err}`);
    assert.match(lines[0], /^bert-lens: /);
    assert.match(lines[0], b.message);
    assert.ok(lines[0].includes(b.file), `does not name ${b.file}: ${lines[0]}`);
    assert.doesNotMatch(err, /\n\s+at /, 'a stack trace');
  });
}

import { test } from 'node:test';
import fc from 'fast-check';
import { FIXTURE_LIST, checkInvariants, loadTokenizer } from './invariants';
import { anyText, hostileText } from './hostile';

/** Same seed on every run: a failure here reproduces; fast-check prints the shrunk counterexample. */
const RUNS = { seed: 42, numRuns: 300 } as const;

for (const fx of FIXTURE_LIST) {
  test(`${fx.name}: encode keeps every invariant on arbitrary Unicode strings`, async () => {
    const tok = await loadTokenizer(fx.dir);
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        checkInvariants(fx.kind, tok, text, await tok.encode(text));
      }),
      RUNS,
    );
  });

  test(`${fx.name}: encode keeps every invariant on strings built from hostile fragments`, async () => {
    const tok = await loadTokenizer(fx.dir);
    await fc.assert(
      fc.asyncProperty(hostileText, async (text) => {
        checkInvariants(fx.kind, tok, text, await tok.encode(text));
      }),
      RUNS,
    );
  });
}

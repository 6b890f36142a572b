/**
 * A small test runner for inside the VS Code extension host (where node:test
 * cannot run): tests run one after another with a timeout each, results go to
 * the console (which the driver prints), and failures reject `run()` so that
 * VS Code exits non-zero.
 */
type TestFn = () => Promise<void> | void;

const tests: { name: string; fn: TestFn; timeoutMs: number }[] = [];
export const TEST_TIMEOUT_MS = 60_000;

export function test(name: string, fn: TestFn, timeoutMs = TEST_TIMEOUT_MS): void {
  tests.push({ name, fn, timeoutMs });
}

export async function runAll(): Promise<void> {
  let failed = 0;
  for (const t of tests) {
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(t.fn),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${t.timeoutMs} ms`)), t.timeoutMs))),
      ]);
      console.log(`✔ ${t.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`✖ ${t.name}\n    ${e instanceof Error ? (e.stack ?? e.message).replace(/\n/g, '\n    ') : String(e)}`);
    } finally {
      clearTimeout(timer);
    }
  }
  console.log(`${tests.length - failed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} integration tests failed`);
}

/**
 * Runs every benchmark in bench/ one after another, passing the command-line
 * options through (`npm run bench -- --json`).
 */
import { main as engineOverhead, UsageError } from './engineOverhead';

const BENCHMARKS: { name: string; main: (argv: readonly string[]) => Promise<{ summary: string }> }[] = [
  { name: 'engine-overhead', main: engineOverhead },
];

async function runAll(argv: readonly string[]): Promise<void> {
  const t0 = performance.now();
  const summaries: string[] = [];
  for (const b of BENCHMARKS) {
    process.stderr.write(`== ${b.name}\n`);
    summaries.push((await b.main(argv)).summary);
  }
  console.log(`\n${BENCHMARKS.length} benchmark(s) in ${((performance.now() - t0) / 1000).toFixed(0)} s:`);
  for (const s of summaries) console.log(`  ${s}`);
}

runAll(process.argv.slice(2)).catch((e) => {
  console.error(e instanceof UsageError ? e.message : e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});

// Bundles what VS Code loads, with esbuild:
//   dist/extension.js  the extension host entry (package.json "main"): thin,
//                      no ONNX Runtime, no tokenizer binding
//   dist/engine.js     the engine, required by extension/engine.ts on first use
//   dist/panel/        the panel's script and stylesheet (tsc's dist/webview/ holds only
//                      the pure layouts compiled for the unit tests)
// Native packages (onnxruntime-node, tokenizers) stay external: Node resolves
// them from node_modules here, and from the .vsix's own copy when packaged
// (scripts/package.mjs).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const DIST = path.join(ROOT, 'dist');
const NATIVE = ['onnxruntime-node', 'tokenizers'];

/** extension/engine.ts imports '../src/index'; in the bundle that is the sibling engine.js. */
const engineIsSeparate = {
  name: 'engine-is-separate',
  setup(build) {
    build.onResolve({ filter: /\/src\/index$/ }, (args) =>
      args.importer.endsWith(path.join('extension', 'engine.ts')) ? { path: './engine.js', external: true } : undefined,
    );
  },
};

const node = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning', metafile: true };

const host = await esbuild.build({
  ...node,
  entryPoints: [path.join(ROOT, 'extension', 'extension.ts')],
  outfile: path.join(DIST, 'extension.js'),
  external: ['vscode', ...NATIVE],
  plugins: [engineIsSeparate],
  // import() of the engine becomes a deferred require(): the extension host's module loader is require.
  supported: { 'dynamic-import': false },
});
// Activation must stay cheap: fail the build if the host bundle pulled in the engine's heavy parts.
const heavy = Object.keys(host.metafile.inputs).filter((f) => /^src\/(model|tokenizer|analysis|ner)\//.test(f));
const nativeImports = Object.values(host.metafile.outputs).flatMap((o) => o.imports.filter((i) => NATIVE.includes(i.path)));
if (heavy.length || nativeImports.length) {
  console.error(`dist/extension.js must not include the engine, but it has: ${[...heavy, ...nativeImports.map((i) => i.path)].join(', ')}`);
  process.exit(1);
}

await esbuild.build({
  ...node,
  entryPoints: [path.join(ROOT, 'src', 'index.ts')],
  outfile: path.join(DIST, 'engine.js'),
  external: NATIVE,
});

await esbuild.build({
  bundle: true,
  format: 'iife',
  target: 'es2022',
  logLevel: 'warning',
  minify: true,
  entryPoints: [path.join(ROOT, 'webview', 'main.ts')],
  outfile: path.join(DIST, 'panel', 'main.js'),
});
// One stylesheet for the panel (the CSP allows styles from the webview folder only, no inline ones).
const styles = ['main.css', 'attention.css', 'positions.css'].map((f) => path.join(ROOT, 'webview', f)).filter((f) => fs.existsSync(f));
fs.writeFileSync(path.join(DIST, 'panel', 'main.css'), styles.map((f) => `/* ${path.basename(f)} */\n${fs.readFileSync(f, 'utf8')}`).join('\n'));

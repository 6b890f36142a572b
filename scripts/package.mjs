// Packages the extension as a platform-specific .vsix:
//   node scripts/package.mjs [--target linux-x64] [--out FILE]
// (run `npm run build` first; `npm run package` does both). The target
// defaults to this machine's. The package holds the esbuild bundles, the
// panel, the bundled model, and only the target's native binaries of
// onnxruntime-node and tokenizers, staged in dist/vsix-<target>/ and handed to
// vsce with --no-dependencies (the bundles already hold every JS dependency).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const MODULES = path.join(ROOT, 'node_modules');

/** vsce target -> onnxruntime-node's bin folder and tokenizers' binary. darwin-x64 and alpine have no ONNX Runtime binary in onnxruntime-node 1.30. */
const TARGETS = {
  'linux-x64': { ort: 'linux/x64', tok: 'linux-x64-gnu' },
  'linux-arm64': { ort: 'linux/arm64', tok: 'linux-arm64-gnu' },
  'darwin-arm64': { ort: 'darwin/arm64', tok: 'darwin-arm64' },
  'win32-x64': { ort: 'win32/x64', tok: 'win32-x64-msvc' },
  'win32-arm64': { ort: 'win32/arm64', tok: 'win32-arm64-msvc' },
};

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : process.argv[i + 1];
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function copy(from, to) {
  if (!fs.existsSync(from)) fail(`${path.relative(ROOT, from)} is missing; run \`npm run build\` (and \`npm ci\`) first`);
  fs.cpSync(from, to, { recursive: true, filter: (f) => !f.endsWith('.map') && !f.endsWith('.d.ts') });
}

const target = arg('--target', `${process.platform}-${process.arch}`);
const native = TARGETS[target];
if (!native) fail(`no build for target "${target}"; supported: ${Object.keys(TARGETS).join(', ')}`);
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const out = path.resolve(arg('--out', path.join(ROOT, 'dist', `${manifest.name}-${target}-${manifest.version}.vsix`)));
const stage = path.join(ROOT, 'dist', `vsix-${target}`);
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });

// The manifest users get: no scripts, no npm dependencies (they are bundled or staged below).
const published = { ...manifest };
for (const key of ['scripts', 'dependencies', 'devDependencies', 'exports', 'types', 'bin', 'private']) delete published[key];
fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(published, null, 2) + '\n');
for (const f of ['README.md', 'LICENSE', 'docs/screenshot.png']) if (fs.existsSync(path.join(ROOT, f))) copy(path.join(ROOT, f), path.join(stage, f));
for (const f of ['extension.js', 'engine.js', 'panel']) copy(path.join(ROOT, 'dist', f), path.join(stage, 'dist', f));
copy(path.join(ROOT, 'models', 'bert-lens-ner'), path.join(stage, 'models', 'bert-lens-ner'));

// Native packages next to the bundles, where Node's resolution from dist/engine.js finds them.
const nm = path.join(stage, 'dist', 'node_modules');
for (const f of ['package.json', 'README.md', 'dist']) copy(path.join(MODULES, 'onnxruntime-node', f), path.join(nm, 'onnxruntime-node', f));
copy(path.join(MODULES, 'onnxruntime-node', 'bin', 'napi-v6', native.ort), path.join(nm, 'onnxruntime-node', 'bin', 'napi-v6', native.ort));
for (const f of ['package.json', 'README.md', 'dist/cjs']) copy(path.join(MODULES, 'onnxruntime-common', f), path.join(nm, 'onnxruntime-common', f));
for (const f of ['package.json', 'LICENSE', 'index.js', `tokenizers.${native.tok}.node`]) copy(path.join(MODULES, 'tokenizers', f), path.join(nm, 'tokenizers', f));

// The stage holds exactly what ships; the file only tells vsce so.
fs.writeFileSync(path.join(stage, '.vscodeignore'), '**/*.map\n');

const vsce = path.join(MODULES, '@vscode', 'vsce', 'vsce');
const r = spawnSync(
  process.execPath,
  [vsce, 'package', '--no-dependencies', '--target', target, '--out', out, '--allow-missing-repository', '--no-rewrite-relative-links', '--skip-license'],
  { cwd: stage, stdio: 'inherit' },
);
fs.rmSync(stage, { recursive: true, force: true });
if (r.status !== 0) fail(`vsce failed (exit ${r.status})`);
console.log(`package: ${path.relative(process.cwd(), out)} (${(fs.statSync(out).size / 1e6).toFixed(1)} MB)`);

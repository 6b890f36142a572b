/**
 * BERT Lens in a real VS Code (code-server's extension host): commands,
 * decorations that follow edits, hovers, exports, the status bar, model
 * download from a hub on 127.0.0.1, and a broken model that leaves the
 * working one in use.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalyzeSummary } from '../../../extension/commands/analyze';
import type { Services } from '../../../extension/services';
import { test } from './runner';

const EXTENSION_ID = 'bert-lens.bert-lens';
const TEXT = 'Angela Merkel visited the Microsoft office in Seattle.';
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-lens-it-'));

async function services(): Promise<{ services: Services; root: string }> {
  const ext = vscode.extensions.getExtension<{ services: Services }>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  const api = await ext.activate();
  return { services: api.services, root: ext.extensionPath };
}

async function editorWith(content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
  return vscode.window.showTextDocument(doc);
}

function select(editor: vscode.TextEditor, start: number, end: number): void {
  editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
}

async function hoverText(doc: vscode.TextDocument, offset: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset));
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

async function setModelPath(value: string): Promise<void> {
  await vscode.workspace.getConfiguration('bertLens').update('modelPath', value, vscode.ConfigurationTarget.Global);
}

test('every command is registered under the "BERT Lens" category', async () => {
  await services();
  const all = await vscode.commands.getCommands(true);
  for (const id of ['analyzeSelection', 'analyzeDocument', 'cancelAnalysis', 'chooseModel', 'downloadModel', 'setHubToken', 'clearAnnotations', 'showPanel', 'exportResults', 'showLog', 'focusToken']) {
    assert.ok(all.includes(`bertLens.${id}`), `bertLens.${id}`);
  }
});

test('Analyze Selection finds the entities with the bundled model, on exactly their characters', async () => {
  const { services: s } = await services();
  const prefix = 'Notes 😀 — ';
  const editor = await editorWith(`${prefix}${TEXT}\nSecond line.`);
  select(editor, prefix.length, prefix.length + TEXT.length);
  const r = await vscode.commands.executeCommand<AnalyzeSummary>('bertLens.analyzeSelection');
  assert.ok(r);
  assert.deepEqual(r.spans.map((x) => [x.label, x.text]), [['PER', 'Angela Merkel'], ['ORG', 'Microsoft'], ['LOC', 'Seattle']]);
  for (const x of r.spans) assert.equal(editor.document.getText(new vscode.Range(editor.document.positionAt(x.start), editor.document.positionAt(x.end))), x.text);
  assert.equal(r.provider, 'cpu');
  assert.match(s.status.text, /^BERT Lens: bert-lens-ner · cpu$/);
});

test('the hover shows label, top-3, pieces with ids, position id and the attention link', async () => {
  const editor = await editorWith(TEXT);
  select(editor, 0, TEXT.length);
  await vscode.commands.executeCommand('bertLens.analyzeSelection');
  const md = await hoverText(editor.document, TEXT.indexOf('Merkel') + 2);
  assert.match(md, /\*\*PER\*\* \d+\.\d% · “Angela Merkel”/);
  assert.match(md, /Token `\d+`: (\S+ \d+\.\d% · ){2}\S+ \d+\.\d%/);
  assert.match(md, /Pieces: .*\(\d+\)/);
  assert.match(md, /Position id \d+/);
  assert.match(md, /command:bertLens\.focusToken/);
});

test('decorations follow edits: shifted by text typed before, dropped when their text is edited', async () => {
  const { services: s } = await services();
  const editor = await editorWith(TEXT);
  select(editor, 0, TEXT.length);
  await vscode.commands.executeCommand('bertLens.analyzeSelection');
  await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'Yesterday, '));
  const placed = s.decorations.get(editor.document)!;
  const doc = editor.document;
  assert.deepEqual(placed.spans.map((x) => doc.getText(new vscode.Range(doc.positionAt(x.start), doc.positionAt(x.end)))), ['Angela Merkel', 'Microsoft', 'Seattle']);
  assert.match(await hoverText(doc, doc.getText().indexOf('Seattle') + 1), /LOC/);
  // Typing inside "Microsoft" drops that span only.
  const at = doc.getText().indexOf('Microsoft') + 4;
  await editor.edit((e) => e.insert(doc.positionAt(at), 'X'));
  assert.deepEqual(s.decorations.get(doc)!.spans.map((x) => x.label), ['PER', 'LOC']);
  assert.doesNotMatch(await hoverText(doc, at), /ORG/);
});

/**
 * Runs `body` with the notification functions replaced: each message is
 * recorded and answered with `answer` (undefined: dismissed).
 */
async function withMessages<T>(answer: string | undefined, body: () => Thenable<T>): Promise<{ result: T; messages: string[] }> {
  const w = vscode.window as unknown as Record<string, unknown>;
  const names = ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'];
  const saved = names.map((n) => w[n]);
  const messages: string[] = [];
  names.forEach((n) => (w[n] = async (m: string) => (messages.push(m), answer)));
  try {
    return { result: await body(), messages };
  } finally {
    names.forEach((n, i) => (w[n] = saved[i]));
  }
}

test('an empty or white-space selection, and an empty document, have nothing to analyze', async () => {
  const editor = await editorWith('\n  \t \u00a0\n');
  select(editor, 1, 1);
  const line = await withMessages(undefined, () => vscode.commands.executeCommand('bertLens.analyzeSelection'));
  assert.equal(line.result, undefined);
  assert.deepEqual(line.messages, ['BERT Lens: nothing to analyze: the selection (or the current line) is empty or white space. Select some text first.']);
  await editorWith('');
  const doc = await withMessages(undefined, () => vscode.commands.executeCommand('bertLens.analyzeDocument'));
  assert.deepEqual(doc.messages, ['BERT Lens: nothing to analyze: the document is empty.']);
});

/** About `size` characters of public-domain books (the shared data), or undefined when they are not here. */
function bookText(root: string, size: number): string | undefined {
  const dir = path.join(process.env.BERT_LENS_SHARED_DATA ?? path.resolve(root, '..', 'shared', 'data'), 'text', 'gutenberg');
  if (!fs.existsSync(dir)) return undefined;
  const books = fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  let text = '';
  for (let i = 0; text.length < size; i++) text += books[i % books.length] + '\n\n';
  return text.slice(0, size);
}

test('a document above bertLens.maxCharacters asks first; dismissing the question analyses nothing', async () => {
  const { services: s } = await services();
  const editor = await editorWith('Angela Merkel visited Seattle. '.repeat(400));
  await vscode.workspace.getConfiguration('bertLens').update('maxCharacters', 5000, vscode.ConfigurationTarget.Global);
  try {
    const asked = await withMessages(undefined, () => vscode.commands.executeCommand<AnalyzeSummary | undefined>('bertLens.analyzeDocument'));
    assert.equal(asked.result, undefined);
    assert.equal(asked.messages.length, 1);
    assert.match(asked.messages[0], /the document has 12,400 characters, more than bertLens\.maxCharacters \(5,000\)\. Analyze it anyway\?/);
    assert.equal(s.decorations.get(editor.document), undefined, 'nothing was analysed');
    const yes = await withMessages('Analyze', () => vscode.commands.executeCommand<AnalyzeSummary | undefined>('bertLens.analyzeDocument'));
    assert.ok(yes.result && yes.result.windows > 1 && yes.result.spans.length > 100, 'answering Analyze runs it');
  } finally {
    await vscode.workspace.getConfiguration('bertLens').update('maxCharacters', undefined, vscode.ConfigurationTarget.Global);
  }
});

test('a 5 MB document: Cancel Analysis stops it within 200 ms, nothing is applied, and the next analysis works', async () => {
  const { services: s, root } = await services();
  const text = bookText(root, 5 * 1024 * 1024);
  assert.ok(text, 'the shared Gutenberg text is next to the repository (or at $BERT_LENS_SHARED_DATA)');
  const editor = await editorWith(text);
  await vscode.workspace.getConfiguration('bertLens').update('maxCharacters', 10_000_000, vscode.ConfigurationTarget.Global);
  const heapBefore = process.memoryUsage().heapUsed;
  let windows = 0;
  const progress = s.panel.progress.bind(s.panel);
  s.panel.progress = (done: number, total: number) => {
    windows = total;
    progress(done, total);
  };
  let cancelMs = 0;
  try {
    const running = vscode.commands.executeCommand<AnalyzeSummary | undefined>('bertLens.analyzeDocument');
    const started = Date.now();
    while (windows === 0 && Date.now() - started < 60_000) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(windows > 1000, `the 5 MB text runs in ${windows} windows`);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a few windows in
    const t0 = performance.now();
    assert.equal(await vscode.commands.executeCommand('bertLens.cancelAnalysis'), true);
    assert.equal(await running, undefined);
    cancelMs = performance.now() - t0;
  } finally {
    s.panel.progress = progress;
    await vscode.workspace.getConfiguration('bertLens').update('maxCharacters', undefined, vscode.ConfigurationTarget.Global);
  }
  console.log(`5 MB document: ${windows} windows; Cancel Analysis returned after ${cancelMs.toFixed(1)} ms; heap ${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(1)} MB above before`);
  assert.ok(cancelMs <= 200, `cancel took ${cancelMs.toFixed(0)} ms`);
  assert.equal(s.decorations.get(editor.document), undefined, 'nothing was applied');
  assert.equal(await vscode.commands.executeCommand('bertLens.cancelAnalysis'), false, 'nothing left to cancel');
  select(editor, 0, 2000);
  const next = await vscode.commands.executeCommand<AnalyzeSummary | undefined>('bertLens.analyzeSelection');
  assert.ok(next && next.tokens > 100, 'the next analysis runs');
});

test('Export Results writes JSON, CSV, CoNLL and HTML of the last analysis', async () => {
  const editor = await editorWith(TEXT);
  select(editor, 0, TEXT.length);
  await vscode.commands.executeCommand('bertLens.analyzeSelection');
  const out = (name: string) => vscode.Uri.file(path.join(TMP, name));
  const json = await vscode.commands.executeCommand<string>('bertLens.exportResults', 'json', out('r.json'));
  assert.equal(JSON.parse(fs.readFileSync(json, 'utf8')).result.spans.length, 3);
  const csv = await vscode.commands.executeCommand<string>('bertLens.exportResults', 'entities-csv', out('r.csv'));
  assert.match(fs.readFileSync(csv, 'utf8'), /^start,end,label,score,text\r\n0,13,PER,[\d.]+,Angela Merkel\r\n/);
  const conll = await vscode.commands.executeCommand<string>('bertLens.exportResults', 'conll', out('r.conll'));
  assert.match(fs.readFileSync(conll, 'utf8'), /^Angela\tB-PER\nMerkel\tI-PER\n/);
  const html = await vscode.commands.executeCommand<string>('bertLens.exportResults', 'html', out('r.html'));
  assert.match(fs.readFileSync(html, 'utf8'), /<html/);
  assert.deepEqual(fs.readdirSync(TMP).filter((f) => f.endsWith('.tmp')), []);
});

test('Clear Annotations removes decorations and hovers', async () => {
  const { services: s } = await services();
  const editor = await editorWith(TEXT);
  select(editor, 0, TEXT.length);
  await vscode.commands.executeCommand('bertLens.analyzeSelection');
  await vscode.commands.executeCommand('bertLens.clearAnnotations');
  assert.equal(s.decorations.get(editor.document), undefined);
  assert.equal(await hoverText(editor.document, 2), '');
});

test('Download Model fetches from a hub on 127.0.0.1 and makes it the model in use', async () => {
  const { services: s, root } = await services();
  const fixture = path.join(root, 'test', 'fixtures', 'tiny-bert');
  const server = http.createServer((req, res) => {
    const m = /^\/acme\/tiny-ner\/resolve\/main\/(.+)$/.exec(req.url ?? '');
    const file = m && path.join(fixture, decodeURIComponent(m[1]));
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await vscode.workspace.getConfiguration('bertLens').update('hub.endpoint', endpoint, vscode.ConfigurationTarget.Global);
    const dir = await vscode.commands.executeCommand<string>('bertLens.downloadModel', 'acme/tiny-ner');
    assert.ok(dir && fs.existsSync(path.join(dir, 'model.onnx')), String(dir));
    assert.equal(vscode.workspace.getConfiguration('bertLens').get('modelPath'), dir);
    const editor = await editorWith(TEXT);
    select(editor, 0, TEXT.length);
    const r = await vscode.commands.executeCommand<AnalyzeSummary>('bertLens.analyzeSelection');
    assert.ok(r);
    assert.match(s.status.text, /BERT Lens: tiny-ner@main|BERT Lens: acme--tiny-ner@main/);
  } finally {
    server.close();
    await vscode.workspace.getConfiguration('bertLens').update('hub.endpoint', undefined, vscode.ConfigurationTarget.Global);
    await setModelPath('');
  }
});

test('a broken model is reported and the previous working model stays in use', async () => {
  const broken = path.join(TMP, 'broken');
  fs.mkdirSync(broken, { recursive: true });
  const { root } = await services();
  for (const f of ['config.json', 'tokenizer.json']) fs.copyFileSync(path.join(root, 'models', 'bert-lens-ner', f), path.join(broken, f));
  fs.writeFileSync(path.join(broken, 'model.onnx'), fs.readFileSync(path.join(root, 'models', 'bert-lens-ner', 'model.onnx')).subarray(0, 5000));
  const editor = await editorWith(TEXT);
  select(editor, 0, TEXT.length);
  assert.ok(await vscode.commands.executeCommand<AnalyzeSummary>('bertLens.analyzeSelection'));
  await setModelPath(broken);
  try {
    const r = await vscode.commands.executeCommand<AnalyzeSummary>('bertLens.analyzeSelection');
    assert.ok(r, 'the analysis still runs, on the previous model');
    assert.deepEqual(r.spans.map((x) => x.label), ['PER', 'ORG', 'LOC']);
  } finally {
    await setModelPath('');
  }
});

test('a GPU provider asked for but unavailable falls back to the CPU and the status bar warns why', async () => {
  const { services: s } = await services();
  const cfg = () => vscode.workspace.getConfiguration('bertLens');
  await cfg().update('executionProviders', ['cuda', 'cpu'], vscode.ConfigurationTarget.Global);
  try {
    const editor = await editorWith(TEXT);
    select(editor, 0, TEXT.length);
    const r = await vscode.commands.executeCommand<AnalyzeSummary>('bertLens.analyzeSelection');
    assert.equal(r?.provider, 'cpu');
    assert.equal(s.status.text, '$(warning) BERT Lens: bert-lens-ner · cpu');
    assert.ok(s.status.warning);
    assert.match(s.status.tooltip, /Requested providers that could not be used:\n- cuda: /);
  } finally {
    await cfg().update('executionProviders', undefined, vscode.ConfigurationTarget.Global);
  }
});

test('50 analyses fired in quick succession: only the last one is shown, the others are cancelled, nothing is left over', async () => {
  const { services: s } = await services();
  const lines = Array.from({ length: 50 }, (_, i) => `Line ${i}: Angela Merkel met reporter number ${i} at the Microsoft office in Seattle.`);
  const editor = await editorWith(lines.join('\n'));
  select(editor, 0, lines[0].length);
  await vscode.commands.executeCommand('bertLens.analyzeSelection'); // model loaded: what follows measures the runs only
  const rejections: unknown[] = [];
  const onRejection = (e: unknown) => rejections.push(e);
  process.on('unhandledRejection', onRejection);
  const heapBefore = process.memoryUsage().heapUsed;
  const runs: Thenable<AnalyzeSummary | undefined>[] = [];
  for (let i = 0; i < 50; i++) {
    const line = editor.document.lineAt(i).range;
    editor.selection = new vscode.Selection(line.start, line.end);
    runs.push(vscode.commands.executeCommand<AnalyzeSummary | undefined>('bertLens.analyzeSelection'));
  }
  const results = await Promise.all(runs);
  await new Promise((resolve) => setTimeout(resolve, 500));
  process.off('unhandledRejection', onRejection);
  const heapAfter = process.memoryUsage().heapUsed;

  const applied = results.map((r, i) => (r ? i : -1)).filter((i) => i >= 0);
  assert.deepEqual(applied, [49], 'only the last run is applied; the 49 before it were superseded');
  const last = editor.document.offsetAt(editor.document.lineAt(49).range.start);
  assert.ok(results[49]!.spans.length > 0 && results[49]!.spans.every((x) => x.start >= last), 'its entities are on line 49');
  assert.equal(s.decorations.get(editor.document)?.base, last, 'the decorations show line 49');
  assert.equal(s.panel.shownSource()?.start, last, 'the panel shows line 49');
  assert.deepEqual(rejections, []);
  console.log(`50 rapid analyses: heap ${(heapBefore / 1e6).toFixed(1)} MB before, ${(heapAfter / 1e6).toFixed(1)} MB after`);
  assert.ok(heapAfter - heapBefore < 50e6, `heap grew by ${((heapAfter - heapBefore) / 1e6).toFixed(1)} MB`);
});


/**
 * Choose Model (bundled, recent, downloaded, a folder, or a download) and
 * Download Model (a Hugging Face repo id, with byte counts and cancel).
 * The choice is the user setting bertLens.modelPath.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CancelledError } from '../../src/errors';
import { isRepoId } from '../../src/hub/repo';
import { currentSettings } from '../config';
import { loadEngine } from '../engine';
import { log, showError } from '../log';
import type { Services } from '../services';

export const TOKEN_SECRET = 'bertLens.hubToken';

async function useModel(services: Services, dir: string): Promise<string> {
  const value = dir === services.models.bundledDir ? '' : dir;
  await vscode.workspace.getConfiguration('bertLens').update('modelPath', value, vscode.ConfigurationTarget.Global);
  services.status.update(path.basename(dir));
  log.info(`model set to ${dir}`);
  return dir;
}

export async function chooseModel(services: Services): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { dir?: string; action?: 'folder' | 'download' };
  const engine = await loadEngine();
  const current = services.models.dirFor(currentSettings());
  const mark = (dir: string) => (dir === current ? ' (in use)' : '');
  const items: Item[] = [{ label: '$(package) bert-lens-ner', description: 'bundled' + mark(services.models.bundledDir), dir: services.models.bundledDir }];
  const downloaded = engine.cachedModels(services.models.cacheDir);
  const recent = services.models.recent().filter((d) => !downloaded.some((m) => m.dir === d));
  if (recent.length) items.push({ label: 'Recent', kind: vscode.QuickPickItemKind.Separator });
  for (const d of recent) items.push({ label: `$(folder) ${path.basename(d)}`, description: d + mark(d), dir: d });
  if (downloaded.length) items.push({ label: 'Downloaded', kind: vscode.QuickPickItemKind.Separator });
  for (const m of downloaded) items.push({ label: `$(cloud) ${m.manifest.repo}`, description: `${m.manifest.revision}${mark(m.dir)}`, dir: m.dir });
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: '$(folder-opened) Open Folder…', action: 'folder' }, { label: '$(cloud-download) Download from Hugging Face…', action: 'download' });
  const pick = await vscode.window.showQuickPick(items, { title: 'BERT Lens: Choose Model', placeHolder: 'A token-classification model (ONNX export)' });
  if (!pick) return undefined;
  if (pick.dir) return useModel(services, pick.dir);
  if (pick.action === 'download') return downloadModel(services);
  const folder = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Use this model folder' });
  return folder?.[0] ? useModel(services, folder[0].fsPath) : undefined;
}

export async function downloadModel(services: Services, repoArg?: string): Promise<string | undefined> {
  const repo =
    repoArg ??
    (await vscode.window.showInputBox({
      title: 'BERT Lens: Download Model',
      prompt: 'Hugging Face repository with an ONNX token-classification export',
      placeHolder: 'dslim/bert-base-NER',
      validateInput: (v) => (isRepoId(v) ? undefined : 'owner/name, for example dslim/bert-base-NER'),
    }));
  if (!repo) return undefined;
  const settings = currentSettings();
  const token = await services.secrets.get(TOKEN_SECRET);
  const engine = await loadEngine();
  const mb = (n: number) => (n / 1e6).toFixed(1);
  try {
    const dir = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `BERT Lens: downloading ${repo}`, cancellable: true },
      (progress, cancel) => {
        const ctl = new AbortController();
        cancel.onCancellationRequested(() => ctl.abort());
        let shown = 0;
        return engine.downloadModel(repo.trim(), services.models.cacheDir, {
          endpoint: settings.hubEndpoint,
          token,
          signal: ctl.signal,
          logger: log,
          onProgress: (p) => {
            // A notification update per 256 kB is plenty.
            if (p.fileBytes !== p.fileTotal && p.bytes - shown < 256 * 1024) return;
            shown = p.bytes;
            progress.report({ message: `${p.file}: ${mb(p.fileBytes)}${p.fileTotal !== undefined ? ` of ${mb(p.fileTotal)}` : ''} MB` });
          },
        });
      },
    );
    void vscode.window.showInformationMessage(`BERT Lens: ${repo} downloaded; it is now the model in use.`);
    return await useModel(services, dir);
  } catch (e) {
    if (e instanceof CancelledError) {
      log.info(`download of ${repo} cancelled; its partial files stay in the cache and the next attempt resumes them`);
      return undefined;
    }
    void showError(`Downloading ${repo}`, e);
    return undefined;
  }
}

export async function setHubToken(services: Services): Promise<void> {
  const value = await vscode.window.showInputBox({
    title: 'BERT Lens: Hugging Face token',
    prompt: 'A read token for gated or private models (kept in VS Code secret storage). Leave empty to remove it.',
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return;
  if (value.trim() === '') await services.secrets.delete(TOKEN_SECRET);
  else await services.secrets.store(TOKEN_SECRET, value.trim());
  log.info(value.trim() === '' ? 'hub token removed' : 'hub token stored in secret storage');
}

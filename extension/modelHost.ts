/**
 * Owns the loaded model. Loads lazily, reloads when the chosen model or the
 * providers change, and keeps the previous working model when a new one fails
 * to load (the error names the file and the fix).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BertModel } from '../src/model/model';
import { Settings } from './core/settings';
import { loadEngine } from './engine';
import { log, showError } from './log';

const RECENT_KEY = 'bertLens.recentModels';
const MAX_RECENT = 8;

export class ModelHost implements vscode.Disposable {
  private model?: BertModel;
  private key?: string;
  private pending?: { key: string; promise: Promise<BertModel> };

  constructor(private readonly ctx: vscode.ExtensionContext) {}

  get bundledDir(): string {
    return path.join(this.ctx.extensionPath, 'models', 'bert-lens-ner');
  }

  /** Where downloaded models go (global storage, not the workspace). */
  get cacheDir(): string {
    return path.join(this.ctx.globalStorageUri.fsPath, 'models');
  }

  dirFor(settings: Settings): string {
    return settings.modelPath ? path.resolve(settings.modelPath) : this.bundledDir;
  }

  /** A short name for the status bar. */
  nameFor(settings: Settings): string {
    return this.model && this.key === keyOf(this.dirFor(settings), settings) ? this.model.info.name : path.basename(this.dirFor(settings));
  }

  recent(): string[] {
    return this.ctx.globalState.get<string[]>(RECENT_KEY, []);
  }

  /** The model the settings ask for; on a load error, the previous model if there is one. */
  async get(settings: Settings): Promise<BertModel> {
    const dir = this.dirFor(settings);
    const key = keyOf(dir, settings);
    if (this.model && this.key === key) return this.model;
    if (this.pending?.key !== key) this.pending = { key, promise: this.load(dir, settings) };
    const pending = this.pending;
    try {
      const model = await pending.promise;
      if (this.key !== key) {
        const old = this.model;
        this.model = model;
        this.key = key;
        void old?.dispose();
        await this.remember(dir);
      }
      return model;
    } catch (e) {
      if (!this.model) throw e;
      void showError(`Loading ${dir}`, e);
      log.warn(`Keeping the previous model ${this.model.dir}.`);
      return this.model;
    } finally {
      if (this.pending === pending) this.pending = undefined;
    }
  }

  private async load(dir: string, settings: Settings): Promise<BertModel> {
    const { BertModel } = await loadEngine();
    log.info(`loading model ${dir} (providers ${JSON.stringify(settings.executionProviders)})`);
    return BertModel.load(dir, { providers: settings.executionProviders, logger: log });
  }

  private async remember(dir: string): Promise<void> {
    if (dir === this.bundledDir) return;
    const list = [dir, ...this.recent().filter((d) => d !== dir)].slice(0, MAX_RECENT);
    await this.ctx.globalState.update(RECENT_KEY, list);
  }

  dispose(): void {
    void this.model?.dispose();
    this.model = undefined;
  }
}

function keyOf(dir: string, s: Settings): string {
  return JSON.stringify([dir, s.executionProviders]);
}

/** The status bar item: model and provider in use; click to choose a model. */
import * as vscode from 'vscode';
import type { ProviderReport } from '../src/protocol';
import { statusView } from './core/statusText';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('bertLens.status', vscode.StatusBarAlignment.Right, 100);
  private model = '';
  private provider?: ProviderReport;

  constructor() {
    this.item.name = 'BERT Lens';
    this.item.command = 'bertLens.chooseModel';
    this.item.show();
  }

  update(model: string, provider?: ProviderReport, busy = false): void {
    if (model !== this.model) this.provider = undefined;
    this.model = model;
    if (provider) this.provider = provider;
    const v = statusView(model, this.provider, busy);
    this.item.text = v.text;
    this.item.tooltip = v.tooltip;
    this.item.backgroundColor = v.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  /** What the item shows (for tests and the log). */
  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : (this.item.tooltip?.value ?? '');
  }

  get warning(): boolean {
    return this.item.backgroundColor !== undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}

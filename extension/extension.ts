/**
 * BERT Lens in VS Code. Activation only registers commands, the hover, the
 * status bar and the panel serializer; the engine (ONNX Runtime, tokenizers)
 * loads on the first analysis.
 */
import * as vscode from 'vscode';
import { analyze, analyzeSource, cancelAnalysis } from './commands/analyze';
import { exportResults } from './commands/export';
import { chooseModel, downloadModel, setHubToken } from './commands/models';
import { currentSettings, onSettingsChanged } from './config';
import { Decorations } from './decorations';
import { registerHover } from './hover';
import { initLog, log, showLog } from './log';
import { ModelHost } from './modelHost';
import { PanelHost } from './panel/host';
import { Panel, PANEL_VIEW_TYPE } from './panel/panel';
import { Services } from './services';
import { StatusBar } from './statusBar';

export function activate(ctx: vscode.ExtensionContext): { services: Services } {
  ctx.subscriptions.push(initLog());
  const settings = currentSettings();
  const services: Services = {
    models: new ModelHost(ctx),
    decorations: new Decorations(settings.decorationStyle, settings.lowConfidence),
    panel: new PanelHost(ctx.extensionUri),
    status: new StatusBar(),
    secrets: ctx.secrets,
  };
  services.status.update(services.models.nameFor(settings));
  services.panel.restore = (source) => analyzeSource(services, source);
  const command = (id: string, run: (...args: never[]) => unknown) => ctx.subscriptions.push(vscode.commands.registerCommand(id, run));
  command('bertLens.analyzeSelection', () => analyze(services, 'selection'));
  command('bertLens.analyzeDocument', () => analyze(services, 'document'));
  command('bertLens.cancelAnalysis', () => cancelAnalysis());
  command('bertLens.chooseModel', () => chooseModel(services));
  command('bertLens.downloadModel', (repo?: string) => downloadModel(services, repo));
  command('bertLens.setHubToken', () => setHubToken(services));
  command('bertLens.clearAnnotations', () => {
    services.decorations.clear();
    services.panel.clear();
  });
  command('bertLens.showPanel', () => services.panel.open());
  command('bertLens.exportResults', (format?: string, target?: vscode.Uri) => exportResults(services, format, target));
  command('bertLens.showLog', () => showLog());
  command('bertLens.focusToken', (token: number) => Number.isInteger(token) && services.panel.focusToken(token));
  ctx.subscriptions.push(
    services.models,
    services.decorations,
    services.status,
    registerHover(services.decorations),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel) {
        Panel.revive(panel, ctx.extensionUri, services.panel.handlers);
      },
    }),
    onSettingsChanged(() => {
      const s = currentSettings();
      services.decorations.configure(s.decorationStyle, s.lowConfidence);
      services.status.update(services.models.nameFor(s));
    }),
  );
  log.info(`BERT Lens activated (VS Code ${vscode.version}, Node ${process.version})`);
  return { services };
}

export function deactivate(): void {}

/**
 * Settings from VS Code, through the one typed reader (core/settings.ts).
 * In an untrusted workspace, model paths and the hub endpoint come from user
 * settings only: a cloned repository must not point BERT Lens at a model or
 * a server of its choosing.
 */
import * as vscode from 'vscode';
import { readSettings, Settings } from './core/settings';
import { log } from './log';

const RESTRICTED = new Set(['modelPath', 'hub.endpoint']);

export function currentSettings(): Settings {
  const cfg = vscode.workspace.getConfiguration('bertLens');
  const trusted = vscode.workspace.isTrusted;
  const { settings, problems } = readSettings((key) => {
    if (trusted || !RESTRICTED.has(key)) return cfg.get(key);
    const i = cfg.inspect(key);
    return i?.globalValue ?? i?.defaultValue;
  });
  for (const p of problems) log.warn(p);
  return settings;
}

export function onSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('bertLens') && listener()),
    vscode.workspace.onDidGrantWorkspaceTrust(listener),
  );
}

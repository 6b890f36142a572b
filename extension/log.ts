/**
 * One LogOutputChannel "BERT Lens" for everything; errors reach the user
 * with an "Open Log" action, never silently.
 */
import * as vscode from 'vscode';
import { Logger } from '../src/logger';

let channel: vscode.LogOutputChannel | undefined;

export function initLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('BERT Lens', { log: true });
  return channel;
}

/** The engine's Logger interface, routed to the channel. */
export const log: Logger = {
  error: (m) => channel?.error(m),
  warn: (m) => channel?.warn(m),
  info: (m) => channel?.info(m),
  debug: (m) => channel?.debug(m),
};

export function showLog(): void {
  channel?.show(true);
}

/** Logs the error and shows its message with an "Open Log" button. */
export async function showError(context: string, e: unknown): Promise<void> {
  const message = e instanceof Error ? e.message : String(e);
  log.error(`${context}: ${e instanceof Error && e.stack ? e.stack : message}`);
  const pick = await vscode.window.showErrorMessage(`BERT Lens: ${message}`, 'Open Log');
  if (pick === 'Open Log') showLog();
}

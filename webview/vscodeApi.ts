/** The one handle on the host: messages out, and the state VS Code keeps for the panel across hide/show and reload. */
import type { WebviewToHostMessage } from '../src/protocol';

export interface VsCodeApi<S> {
  postMessage(message: WebviewToHostMessage): void;
  getState(): S | undefined;
  setState(state: S): void;
}
declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

let api: VsCodeApi<unknown> | undefined;

/** acquireVsCodeApi may be called only once per page. */
export function vscodeApi<S>(): VsCodeApi<S> {
  api ??= acquireVsCodeApi<unknown>();
  return api as VsCodeApi<S>;
}

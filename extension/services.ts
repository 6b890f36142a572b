/** What the commands share. */
import { Decorations } from './decorations';
import { ModelHost } from './modelHost';
import { PanelHost } from './panel/host';
import { StatusBar } from './statusBar';

export interface Services {
  models: ModelHost;
  decorations: Decorations;
  panel: PanelHost;
  status: StatusBar;
  secrets: import('vscode').SecretStorage;
}

/**
 * The CSS variables VS Code puts on a webview's <html>, for three built-in
 * themes (values of Light Modern, Dark Modern and High Contrast), plus the
 * extension's contributed colours with package.json's defaults. Enough for
 * the panel and the toolkit's controls to look as they do in VS Code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type ThemeKind = 'light' | 'dark' | 'high-contrast';

const COMMON = {
  'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'font-weight': 'normal',
  'editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  'editor-font-size': '14px',
  'editor-font-weight': 'normal',
};

const LIGHT = {
  foreground: '#3b3b3b', 'editor-background': '#ffffff', 'editor-foreground': '#3b3b3b', descriptionForeground: '#3b3b3b',
  'panel-background': '#f8f8f8', 'panel-border': '#e5e5e5', focusBorder: '#005fb8', errorForeground: '#f85149',
  'editorWidget-background': '#f8f8f8', 'editorHoverWidget-background': '#f8f8f8', 'editorHoverWidget-border': '#c8c8c8',
  'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100', 'editorWarning-foreground': '#bf8803',
  'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8', 'button-border': '#0000001a',
  'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
  'dropdown-background': '#ffffff', 'dropdown-border': '#cecece', 'dropdown-foreground': '#3b3b3b', 'dropdown-listBackground': '#ffffff',
  'checkbox-background': '#f8f8f8', 'checkbox-border': '#cecece', 'checkbox-foreground': '#3b3b3b',
  'panelTitle-activeBorder': '#005fb8', 'panelTitle-activeForeground': '#3b3b3b', 'panelTitle-inactiveForeground': '#3b3b3b',
  'list-activeSelectionBackground': '#e8e8e8', 'list-activeSelectionForeground': '#000000', 'list-hoverBackground': '#f2f2f2',
  'charts-blue': '#1a85ff', 'charts-green': '#388a34', 'charts-orange': '#d18616', 'charts-purple': '#652d90', 'charts-yellow': '#bf8803', 'charts-red': '#e51400', 'charts-foreground': '#616161', 'charts-lines': '#61616180',
  'scrollbarSlider-background': '#64646466',
};

const DARK = {
  foreground: '#cccccc', 'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', descriptionForeground: '#9d9d9d',
  'panel-background': '#181818', 'panel-border': '#2b2b2b', focusBorder: '#0078d4', errorForeground: '#f85149',
  'editorWidget-background': '#202020', 'editorHoverWidget-background': '#202020', 'editorHoverWidget-border': '#454545',
  'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100', 'editorWarning-foreground': '#cca700',
  'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1', 'button-border': '#ffffff12',
  'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
  'dropdown-background': '#313131', 'dropdown-border': '#3c3c3c', 'dropdown-foreground': '#cccccc', 'dropdown-listBackground': '#1f1f1f',
  'checkbox-background': '#313131', 'checkbox-border': '#3c3c3c', 'checkbox-foreground': '#cccccc',
  'panelTitle-activeBorder': '#0078d4', 'panelTitle-activeForeground': '#cccccc', 'panelTitle-inactiveForeground': '#9d9d9d',
  'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff', 'list-hoverBackground': '#2a2d2e',
  'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-orange': '#d18616', 'charts-purple': '#b180d7', 'charts-yellow': '#cca700', 'charts-red': '#f14c4c', 'charts-foreground': '#cccccc', 'charts-lines': '#cccccc80',
  'scrollbarSlider-background': '#79797966',
};

const HIGH_CONTRAST = {
  foreground: '#ffffff', 'editor-background': '#000000', 'editor-foreground': '#ffffff', descriptionForeground: '#ffffff',
  'panel-background': '#000000', 'panel-border': '#6fc3df', focusBorder: '#f38518', contrastBorder: '#6fc3df', contrastActiveBorder: '#f38518', errorForeground: '#f48771',
  'editorWidget-background': '#0c141f', 'editorHoverWidget-background': '#0c141f', 'editorHoverWidget-border': '#6fc3df',
  'inputValidation-errorBackground': '#000000', 'inputValidation-errorBorder': '#6fc3df', 'editorWarning-foreground': '#ffd370',
  'button-background': '#000000', 'button-foreground': '#ffffff', 'button-border': '#6fc3df', 'button-hoverBackground': '#000000',
  'button-secondaryBackground': '#000000', 'button-secondaryForeground': '#ffffff', 'button-secondaryHoverBackground': '#000000',
  'dropdown-background': '#000000', 'dropdown-border': '#6fc3df', 'dropdown-foreground': '#ffffff', 'dropdown-listBackground': '#000000',
  'checkbox-background': '#000000', 'checkbox-border': '#6fc3df', 'checkbox-foreground': '#ffffff',
  'panelTitle-activeBorder': '#6fc3df', 'panelTitle-activeForeground': '#ffffff', 'panelTitle-inactiveForeground': '#ffffff',
  'list-activeSelectionBackground': '#000000', 'list-activeSelectionForeground': '#ffffff', 'list-hoverBackground': '#000000',
  'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-orange': '#d18616', 'charts-purple': '#b180d7', 'charts-yellow': '#ffd370', 'charts-red': '#f48771', 'charts-foreground': '#ffffff', 'charts-lines': '#ffffff80',
  'scrollbarSlider-background': '#6fc3df99',
};

/** The extension's contributed colours (package.json `contributes.colors`) for a theme kind. */
function contributed(kind: ThemeKind): Record<string, string> {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { colors: { id: string; defaults: Record<string, string | null> }[] } };
  const key = kind === 'light' ? 'light' : kind === 'dark' ? 'dark' : 'highContrast';
  const out: Record<string, string> = {};
  for (const c of pkg.contributes.colors) {
    const v = c.defaults[key];
    if (v) out[c.id.replace('.', '-')] = v;
  }
  return out;
}

/** `--vscode-*` variables and the body class VS Code uses for the theme. */
export function theme(kind: ThemeKind): { vars: Record<string, string>; bodyClass: string } {
  const base = kind === 'light' ? LIGHT : kind === 'dark' ? DARK : HIGH_CONTRAST;
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...COMMON, ...base, ...contributed(kind) })) vars[`--vscode-${k}`] = v;
  return { vars, bodyClass: kind === 'light' ? 'vscode-light' : kind === 'dark' ? 'vscode-dark' : 'vscode-high-contrast' };
}

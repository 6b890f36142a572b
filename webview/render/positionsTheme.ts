/** The VS Code theme's colours for the Positions charts, read when drawing (canvas cannot use CSS variables). */
import { cssVar } from '../exportMenu';
import type { ChartTheme } from '../layout/positionsMarks';

export function chartTheme(): ChartTheme {
  const cls = document.body.classList;
  const highContrast = cls.contains('vscode-high-contrast') || cls.contains('vscode-high-contrast-light');
  const dark = cls.contains('vscode-dark') || (cls.contains('vscode-high-contrast') && !cls.contains('vscode-high-contrast-light'));
  const foreground = cssVar('--vscode-foreground', dark ? '#cccccc' : '#333333');
  return {
    foreground,
    muted: cssVar('--vscode-descriptionForeground', foreground),
    border: highContrast ? cssVar('--vscode-contrastBorder', foreground) : cssVar('--vscode-panel-border', dark ? '#444444' : '#cccccc'),
    focus: highContrast ? cssVar('--vscode-contrastActiveBorder', cssVar('--vscode-focusBorder', '#f38518')) : cssVar('--vscode-focusBorder', '#007fd4'),
    background: cssVar('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    dark,
    highContrast,
    font: cssVar('--vscode-font-family', 'system-ui, sans-serif'),
  };
}

/** Calls `redraw` when VS Code switches theme (it changes the body's class). */
export function onThemeChange(redraw: () => void): () => void {
  const observer = new MutationObserver(redraw);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}

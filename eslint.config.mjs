// Layering rules from ../shared/STYLE.md: the engine (src/) never imports
// vscode or the DOM; the webview never imports vscode or onnxruntime-node and
// takes only protocol types from src/; extension/core/ stays free of vscode.
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'The engine (src/) must not depend on VS Code; put editor glue in extension/.' };

export default tseslint.config(
  { ignores: ['dist/**', '.out/**', 'node_modules/**', '.vscode-test/**', 'bench/.models/**', 'training/**', 'bin/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [{ group: ['**/extension/**', '**/webview/**'], message: 'src/ is the bottom layer.' }] }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator'],
      'no-console': 'error',
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview runs in a browser.' }, { name: 'onnxruntime-node', message: 'The webview runs in a browser.' }],
          patterns: [{ group: ['**/src/*', '!**/src/protocol', '!**/src/analysis', '!**/src/ner', '**/src/analysis/*', '!**/src/analysis/quantize', '!**/src/analysis/attention', '**/src/ner/*', '!**/src/ner/aggregate'], message: 'The webview takes only protocol types and pure helpers (quantize, attention, aggregate) from src/.' }, { group: ['**/extension/**'], message: 'The webview runs in a browser.' }],
        },
      ],
    },
  },
  {
    // Layouts are pure: they run in the webview and under node --test, so no DOM.
    files: ['webview/layout/**/*.ts'],
    rules: { 'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'getComputedStyle'] },
  },
  {
    // Node-only helpers of the extension, tested under node --test without an editor.
    files: ['extension/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'extension/core/ is pure: keep VS Code calls in extension/.' }] }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);

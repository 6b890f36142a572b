/**
 * Thin wrappers over @vscode/webview-ui-toolkit (archived upstream): every
 * control the views use is made here, so replacing the toolkit touches this
 * file only. The toolkit's components follow the VS Code theme and are
 * keyboard accessible (tabs move with the arrow keys). Sliders are native
 * range inputs: the toolkit has none.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDropdown,
  vsCodeOption,
  vsCodePanels,
  vsCodePanelTab,
  vsCodePanelView,
} from '@vscode/webview-ui-toolkit';

let registered = false;

export function registerControls(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeDropdown(), vsCodeOption(), vsCodePanels(), vsCodePanelTab(), vsCodePanelView());
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export interface TabSpec {
  id: string;
  label: string;
  panel: HTMLElement;
}

/** Tabs with their panels; `onChange` gets the id of the tab the user picked. */
export function tabs(specs: TabSpec[], active: string, onChange: (id: string) => void): HTMLElement & { activeid: string } {
  const panels = document.createElement('vscode-panels') as HTMLElement & { activeid: string };
  panels.setAttribute('aria-label', 'BERT Lens views');
  for (const s of specs) {
    const tab = document.createElement('vscode-panel-tab');
    tab.id = `tab-${s.id}`;
    tab.textContent = s.label;
    panels.append(tab);
  }
  for (const s of specs) {
    const view = document.createElement('vscode-panel-view');
    view.id = `view-${s.id}`;
    view.append(s.panel);
    panels.append(view);
  }
  panels.setAttribute('activeid', `tab-${active}`);
  panels.addEventListener('change', (e) => {
    if (e.target !== panels) return; // a dropdown inside a panel also fires 'change'
    const id = panels.activeid?.replace(/^tab-/, '');
    if (id) onChange(id);
  });
  return panels;
}

export interface Option {
  value: string;
  label: string;
}

export type Dropdown = HTMLElement & { value: string; setOptions(options: Option[], value: string): void };

/** A labelled dropdown. The label is visible and names the control for screen readers. */
export function dropdown(label: string, options: Option[], value: string, onChange: (value: string) => void): { wrap: HTMLElement; control: Dropdown } {
  const wrap = el('label', 'control');
  wrap.append(el('span', 'control-label', label));
  const dd = document.createElement('vscode-dropdown') as Dropdown;
  dd.setAttribute('aria-label', label);
  dd.setOptions = (opts, v) => {
    dd.replaceChildren(
      ...opts.map((o) => {
        const opt = document.createElement('vscode-option') as HTMLElement & { value: string };
        opt.setAttribute('value', o.value);
        opt.textContent = o.label;
        if (o.value === v) opt.setAttribute('selected', '');
        return opt;
      }),
    );
    dd.setAttribute('current-value', v);
    dd.value = v;
  };
  dd.setOptions(options, value);
  dd.addEventListener('change', (e) => {
    e.stopPropagation();
    onChange(dd.value);
  });
  wrap.append(dd);
  return { wrap, control: dd };
}

export function button(label: string, onClick: () => void, appearance: 'primary' | 'secondary' | 'icon' = 'secondary'): HTMLElement {
  const b = document.createElement('vscode-button');
  b.setAttribute('appearance', appearance);
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

export type Checkbox = HTMLElement & { checked: boolean };

export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void): Checkbox {
  const c = document.createElement('vscode-checkbox') as Checkbox;
  c.textContent = label;
  if (checked) c.setAttribute('checked', '');
  c.checked = checked;
  c.addEventListener('change', (e) => {
    e.stopPropagation();
    onChange(c.checked);
  });
  return c;
}

export type Slider = HTMLInputElement;

/** A native range input with a visible label and its current value. */
export function slider(label: string, min: number, max: number, value: number, onInput: (value: number) => void, format: (v: number) => string = String): { wrap: HTMLElement; control: Slider } {
  const wrap = el('label', 'control');
  const input = el('input', 'slider');
  input.type = 'range';
  input.min = String(min);
  input.max = String(max);
  input.step = '1';
  input.value = String(value);
  input.setAttribute('aria-label', label);
  const shown = el('span', 'control-value', format(value));
  input.addEventListener('input', () => {
    shown.textContent = format(Number(input.value));
    onInput(Number(input.value));
  });
  wrap.append(el('span', 'control-label', label), input, shown);
  return { wrap, control: input };
}

/** A row of controls above a view. */
export function toolbar(...children: HTMLElement[]): HTMLElement {
  const bar = el('div', 'toolbar');
  bar.setAttribute('role', 'toolbar');
  bar.append(...children);
  return bar;
}

/**
 * Execution-provider preference lists. ONNX Runtime throws instead of falling
 * back when a provider cannot load, so the session code tries them one by one
 * in the order given here.
 */
import { InputError } from '../errors';
import { EXECUTION_PROVIDERS, ExecutionProviderName } from '../protocol';

export type ProviderPreference = 'auto' | readonly string[];

/** GPU providers worth trying first on each platform, for `auto`. */
export function platformGpuProviders(platform: NodeJS.Platform = process.platform): ExecutionProviderName[] {
  switch (platform) {
    case 'win32':
      return ['cuda', 'dml'];
    case 'darwin':
      return ['coreml'];
    case 'linux':
      return ['cuda'];
    default:
      return [];
  }
}

/**
 * The ordered list of providers to try. `auto` is the platform's GPU
 * provider(s) then `cpu`; an explicit list is validated and always ends with
 * `cpu`, the provider that is always there.
 *
 * @example resolveProviders(['cuda']) // ['cuda', 'cpu']
 */
export function resolveProviders(pref: ProviderPreference, platform: NodeJS.Platform = process.platform): ExecutionProviderName[] {
  const list = pref === 'auto' ? [...platformGpuProviders(platform), 'cpu'] : [...pref];
  if (list.length === 0) {
    throw new InputError('bad-providers', `The execution provider list is empty. Use "auto" or a list of ${EXECUTION_PROVIDERS.join(', ')}.`);
  }
  const out: ExecutionProviderName[] = [];
  for (const raw of list) {
    const p = raw.trim().toLowerCase();
    if (p === 'auto') {
      for (const q of platformGpuProviders(platform)) if (!out.includes(q)) out.push(q);
      continue;
    }
    if (!(EXECUTION_PROVIDERS as readonly string[]).includes(p)) {
      throw new InputError('bad-providers', `Invalid execution provider "${raw}". Must be one of ${EXECUTION_PROVIDERS.join(', ')}, or "auto".`);
    }
    if (!out.includes(p as ExecutionProviderName)) out.push(p as ExecutionProviderName);
  }
  if (!out.includes('cpu')) out.push('cpu');
  return out;
}

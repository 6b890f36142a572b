/**
 * The extension's settings, typed and validated in one place. Adding a
 * setting: package.json `contributes.configuration` -> `Settings` -> the
 * reader below -> its use site (CONTRIBUTING.md).
 *
 * Pure: `readSettings` takes a getter, so it is tested without VS Code; the
 * host passes `workspace.getConfiguration('bertLens').get`.
 */
import { AGGREGATION_STRATEGIES, AggregationStrategy, EXECUTION_PROVIDERS } from '../../src/protocol';

export const DECORATION_STYLES = ['background', 'underline', 'off'] as const;
export type DecorationStyle = (typeof DECORATION_STYLES)[number];

export interface Settings {
  /** A model folder; empty for the bundled model. */
  modelPath: string;
  executionProviders: 'auto' | string[];
  aggregation: AggregationStrategy;
  /** Window overlap in tokens. */
  stride: number;
  /** Above this many characters, ask before analysing. */
  maxCharacters: number;
  attention: boolean;
  positions: boolean;
  hubEndpoint: string;
  decorationStyle: DecorationStyle;
  /** Tokens scoring below this get a faint underline; 0 turns it off. */
  lowConfidence: number;
}

export const DEFAULTS: Settings = {
  modelPath: '',
  executionProviders: 'auto',
  aggregation: 'first',
  stride: 128,
  maxCharacters: 200_000,
  attention: true,
  positions: true,
  hubEndpoint: 'https://huggingface.co',
  decorationStyle: 'background',
  lowConfidence: 0.5,
};

/** Reads every setting; a bad value falls back to its default and is reported (for the log). */
export function readSettings(get: (key: string) => unknown): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const bad = (key: string, value: unknown, want: string) =>
    problems.push(`Setting bertLens.${key} = ${JSON.stringify(value)} is not ${want}; using the default.`);
  const pick = <T>(key: string, fallback: T, valid: (v: unknown) => v is T, want: string): T => {
    const v = get(key);
    if (v === undefined || v === null) return fallback;
    if (valid(v)) return v;
    bad(key, v, want);
    return fallback;
  };
  const isString = (v: unknown): v is string => typeof v === 'string';
  const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
  const intAtLeast = (min: number) => (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;
  const oneOf = <T extends string>(list: readonly T[]) => (v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);
  const providers = (v: unknown): v is 'auto' | string[] =>
    v === 'auto' || (Array.isArray(v) && v.length > 0 && v.every((p) => oneOf(EXECUTION_PROVIDERS)(p)));
  const endpoint = (v: unknown): v is string => {
    if (typeof v !== 'string') return false;
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  };
  const settings: Settings = {
    modelPath: pick('modelPath', DEFAULTS.modelPath, isString, 'a folder path').trim(),
    executionProviders: pick('executionProviders', DEFAULTS.executionProviders, providers, `"auto" or a list of ${EXECUTION_PROVIDERS.join(', ')}`),
    aggregation: pick('aggregation', DEFAULTS.aggregation, oneOf(AGGREGATION_STRATEGIES), `one of ${AGGREGATION_STRATEGIES.join(', ')}`),
    stride: pick('stride', DEFAULTS.stride, intAtLeast(0), 'a whole number >= 0'),
    maxCharacters: pick('maxCharacters', DEFAULTS.maxCharacters, intAtLeast(1), 'a whole number >= 1'),
    attention: pick('outputs.attention', DEFAULTS.attention, isBool, 'true or false'),
    positions: pick('outputs.positions', DEFAULTS.positions, isBool, 'true or false'),
    hubEndpoint: pick('hub.endpoint', DEFAULTS.hubEndpoint, endpoint, 'an http(s) URL'),
    decorationStyle: pick('decorations.style', DEFAULTS.decorationStyle, oneOf(DECORATION_STYLES), `one of ${DECORATION_STYLES.join(', ')}`),
    lowConfidence: pick('decorations.lowConfidence', DEFAULTS.lowConfidence, (v): v is number => typeof v === 'number' && v >= 0 && v <= 1, 'a number from 0 to 1'),
  };
  return { settings, problems };
}

/**
 * The engine, loaded on first use: activation stays cheap (no ONNX Runtime,
 * no tokenizer binding) until the user analyses something.
 */
type Engine = typeof import('../src/index');

let engine: Promise<Engine> | undefined;

export function loadEngine(): Promise<Engine> {
  engine ??= import('../src/index');
  return engine;
}

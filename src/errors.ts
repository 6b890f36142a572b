/**
 * Engine errors. Every message says what is wrong, where, and how to fix it,
 * so a command can show it to the user as is.
 */
export class BertLensError extends Error {
  /** A short machine-readable kind, stable across versions (for tests, logs). */
  readonly code: string;
  /** The file the problem is in, when there is one. */
  readonly file?: string;

  constructor(code: string, message: string, options?: { file?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.file = options?.file;
  }
}

/** The model folder or one of its files is missing, unreadable or malformed. */
export class ModelLoadError extends BertLensError {}

/** The tokenizer files are missing, malformed or do not fit the model. */
export class TokenizerError extends BertLensError {}

/** No execution provider could create a session (not even cpu). */
export class ProviderError extends BertLensError {}

/** The caller passed an invalid option or input. */
export class InputError extends BertLensError {}

/** The model ran but returned something that does not fit its config. */
export class InferenceError extends BertLensError {}

/** A model download from a Hugging Face hub (or mirror) failed; the cache is unchanged. */
export class DownloadError extends BertLensError {}

/** The caller's cancellation signal fired; the work stopped between windows. */
export class CancelledError extends BertLensError {
  constructor() {
    super('cancelled', 'Analysis cancelled.');
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

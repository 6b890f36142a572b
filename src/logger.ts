/**
 * The engine logs through this interface so that the CLI can print to stderr
 * and the extension can route to its LogOutputChannel. Nothing in src/ writes
 * to the console directly.
 */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export const silentLogger: Logger = {
  error() {},
  warn() {},
  info() {},
  debug() {},
};

/** A logger writing `[level] message` lines to a stream (stderr for the CLI). */
export function streamLogger(write: (line: string) => void, verbose = false): Logger {
  return {
    error: (m) => write(`[error] ${m}`),
    warn: (m) => write(`[warn] ${m}`),
    info: (m) => (verbose ? write(`[info] ${m}`) : undefined),
    debug: (m) => (verbose ? write(`[debug] ${m}`) : undefined),
  };
}

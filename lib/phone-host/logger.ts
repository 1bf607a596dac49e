/**
 * The extension's pages have no log collector: a prefixed console is enough, and the prefix
 * tells which context spoke when the worker, offscreen page and popup logs are read together.
 */
export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export function createLogger(scope: string, sink: Pick<Console, keyof Logger> = console): Logger {
  const prefix = `[${scope}]`;
  return {
    debug: (...args) => sink.debug(prefix, ...args),
    info: (...args) => sink.info(prefix, ...args),
    warn: (...args) => sink.warn(prefix, ...args),
    error: (...args) => sink.error(prefix, ...args),
  };
}

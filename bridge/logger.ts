/**
 * Structured logs: one JSON object per line on stdout (journald and log shippers read it as is).
 * Callers pass ids, counts and error texts, never a token, the secret or a whole notification.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(deps: {
  write: (line: string) => void;
  now: () => number;
  level?: LogLevel;
  base?: LogFields;
}): Logger {
  const min = ORDER[deps.level ?? 'info'];
  const log = (level: LogLevel) => (msg: string, fields: LogFields = {}) => {
    if (ORDER[level] < min) return;
    deps.write(`${JSON.stringify({ time: new Date(deps.now()).toISOString(), level, msg, ...deps.base, ...fields })}\n`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** An error's message for a log line: short, one line. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 300);
}

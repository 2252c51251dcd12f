export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

export interface Logger {
  error(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

const ORDER: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

export function isLogLevel(s: string | undefined): s is LogLevel {
  return s !== undefined && s in ORDER;
}

/** A logger that drops lines above `level`. The SDK is silent unless asked (`logLevel` or `MODELARTS_LOG`). */
export function levelLogger(level: LogLevel, sink: Logger = console): Logger {
  const on = (l: LogLevel) => ORDER[l] <= ORDER[level];
  const noop = () => {};
  return {
    error: on('error') ? sink.error.bind(sink) : noop,
    warn: on('warn') ? sink.warn.bind(sink) : noop,
    info: on('info') ? sink.info.bind(sink) : noop,
    debug: on('debug') ? sink.debug.bind(sink) : noop,
  };
}

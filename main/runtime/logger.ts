/**
 * Structured logging for main. Health data of real people passes through this process, so the
 * logger takes only a message and a flat record of non-personal fields (codes, counts, ids of
 * stations and submissions). Never pass payloads, card data or names.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface LogRecord {
  time: string;
  level: LogLevel;
  scope: string;
  message: string;
  fields?: LogFields;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(scope: string): Logger;
}

const levelOrder: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(scope: string, sink: LogSink = stderrSink, minLevel: LogLevel = 'info'): Logger {
  const emit = (level: LogLevel, message: string, fields?: LogFields) => {
    if (levelOrder[level] < levelOrder[minLevel]) return;
    sink(fields ? { time: new Date().toISOString(), level, scope, message, fields } : { time: new Date().toISOString(), level, scope, message });
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (child) => createLogger(`${scope}.${child}`, sink, minLevel),
  };
}

export function stderrSink(record: LogRecord): void {
  process.stderr.write(`${JSON.stringify(record)}\n`);
}

/** A sink that keeps records in memory, for tests and the diagnostics view. */
export function memorySink(): LogSink & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const sink = ((record: LogRecord) => {
    records.push(record);
  }) as LogSink & { records: LogRecord[] };
  sink.records = records;
  return sink;
}

/** Describes an unknown thrown value without leaking its payload into logs. */
export function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  return typeof error;
}

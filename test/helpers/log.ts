import { createLogger, type LogFormat, type Logger, type LogLevel } from '../../src-main/core/log';

/** A real logger that writes into an array: the lines exactly as a log collector would get them. */
export function memoryLogger(format: LogFormat = 'json', level: LogLevel = 'debug'): { logger: Logger; lines: string[]; records(): Record<string, unknown>[] } {
  const lines: string[] = [];
  const logger = createLogger({ format, level, write: (l) => lines.push(l) });
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

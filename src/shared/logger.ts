import { pino, type Logger } from 'pino';

export type { Logger };

/** Creates the process logger: one JSON line per event on stdout. */
export function createLogger(level: string, name = 'huiying'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}

/** A logger that prints nothing; for tests and quiet CLI commands. */
export const silentLogger: Logger = pino({ level: 'silent' });

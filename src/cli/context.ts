import fs from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { z } from 'zod';
import { buildApp, type HuiyingApp } from '../app.ts';
import { openMigratedDb, withDemoAllowance } from '../boot.ts';
import { loadConfig, type Config } from '../config/config.ts';
import type { Db } from '../db/knex.ts';
import { systemClock } from '../shared/clock.ts';
import { createLogger } from '../shared/logger.ts';

/** What every command group shares: errors shown without a stack, the configuration, the app. */

/** An error the user can fix; printed as `huiying: message`, exit code 1. */
export class CliError extends Error {}

/** The server's configuration (environment), with the demo sources' loopback allowance. */
export function config(): Config {
  return withDemoAllowance(loadConfig(process.env));
}

/** Opens the database and the app (without listening), runs `fn`, and closes everything. */
export async function withApp<T>(fn: (app: HuiyingApp, db: Db) => Promise<T>): Promise<T> {
  const cfg = config();
  const logger = createLogger(process.env.HUIYING_LOG_LEVEL ? cfg.logLevel : 'warn', 'huiying-cli');
  const db = await openMigratedDb(cfg, logger);
  const app = buildApp({ config: cfg, db, clock: systemClock, logger });
  try {
    return await fn(app, db);
  } finally {
    await app.egress.close();
    await app.processor.close();
    await db.destroy();
  }
}

/** A commander parser for an option that holds JSON. */
export function parseJsonOption(label: string) {
  return (value: string) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw new InvalidArgumentError(`${label} must be JSON`);
    }
  };
}

/** A commander parser for a positive integer option. */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

/** A file's text, or a CliError that names the file and the reason (no such file, a directory …). */
export function readTextFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/**
 * Reads a JSONL file and validates every line against `schema`. Every bad line is reported (file,
 * line, field, message) before anything is done with it, so a file is taken whole or not at all;
 * `nothing` says what did not happen ("nothing imported").
 */
export function readJsonl<S extends z.ZodTypeAny>(file: string, schema: S, nothing = 'nothing imported'): z.output<S>[] {
  const text = readTextFile(file);
  const records: z.output<S>[] = [];
  const errors: string[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      errors.push(`${file}:${i + 1}: not JSON`);
      continue;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) records.push(parsed.data);
    else for (const issue of parsed.error.issues) errors.push(`${file}:${i + 1}: ${issue.path.join('.') || '(line)'}: ${issue.message}`);
  }
  if (errors.length) {
    const shown = errors.slice(0, 20).join('\n  ');
    throw new CliError(`${errors.length} problem(s), ${nothing}:\n  ${shown}${errors.length > 20 ? `\n  … and ${errors.length - 20} more` : ''}`);
  }
  return records;
}

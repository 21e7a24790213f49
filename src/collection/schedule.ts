import { CronExpressionParser } from 'cron-parser';
import cron from 'node-cron';

/**
 * When a source is next due. Pure: `now`, settings and randomness come in as arguments.
 *
 * After a success or a 304 the next check follows the source's cron schedule. After a failure the
 * source backs off exponentially with jitter, to a cap, but never sooner than its schedule says and
 * never gives up: a source failing for days is still tried at least once per cap.
 *
 *   consecutive errors | base delay (base 60 s, cap 6 h)  | with jitter
 *   1                  | 60 s                             | 30–60 s
 *   2                  | 120 s                            | 60–120 s
 *   n                  | min(cap, base·2^(n-1))           | half to full
 */

export type BackoffSettings = { baseSeconds: number; capSeconds: number };

/** Returns an error message when `expression` is not a valid schedule, or null when it is. */
export function validateSchedule(expression: string): string | null {
  const trimmed = expression.trim();
  const fields = trimmed.split(/\s+/).length;
  if (fields < 5 || fields > 6) return 'a schedule has 5 fields (minute hour day month weekday) or 6 with seconds first';
  if (!cron.validate(trimmed)) return `"${trimmed}" is not a valid cron expression`;
  try {
    CronExpressionParser.parse(trimmed);
  } catch (err) {
    return `"${trimmed}" is not a valid cron expression: ${(err as Error).message}`;
  }
  return null;
}

/** The first time strictly after `now` that the cron expression fires, read in `timeZone`. */
export function nextScheduledTime(expression: string, now: Date, timeZone: string): Date {
  return CronExpressionParser.parse(expression.trim(), { currentDate: now, tz: timeZone }).next().toDate();
}

/** Seconds to wait after the n-th consecutive failure; `random` in [0, 1) supplies the jitter. */
export function backoffSeconds(consecutiveErrors: number, settings: BackoffSettings, random: number): number {
  const exponent = Math.max(0, consecutiveErrors - 1);
  // Cap the exponent first so 2^n cannot overflow for sources that fail for months.
  const raw = settings.baseSeconds * 2 ** Math.min(exponent, 30);
  const capped = Math.min(settings.capSeconds, raw);
  return capped * (0.5 + 0.5 * random);
}

/** When to check a source next, given how its last collection ended. */
export function scheduleNextCheck(input: {
  schedule: string;
  timeZone: string;
  now: Date;
  failed: boolean;
  consecutiveErrors: number;
  backoff: BackoffSettings;
  random: number;
}): Date {
  const scheduled = nextScheduledTime(input.schedule, input.now, input.timeZone);
  if (!input.failed) return scheduled;
  const backoffAt = new Date(
    input.now.getTime() + backoffSeconds(input.consecutiveErrors, input.backoff, input.random) * 1000,
  );
  return backoffAt > scheduled ? backoffAt : scheduled;
}

/** True when an enabled source should be collected at `now` (never checked, or its next check has come). */
export function isDue(source: { enabled: boolean; nextCheckAt: Date | null }, now: Date): boolean {
  return source.enabled && (source.nextCheckAt === null || source.nextCheckAt.getTime() <= now.getTime());
}

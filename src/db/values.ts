/**
 * Conversions between database values and domain values, shared by every store. Times are stored
 * in UTC: ISO-8601 text on SQLite, timestamptz on PostgreSQL; both accept an ISO string as input.
 */

/** Formats a time for a query parameter or a stored column. */
export function toDbTime(value: Date): string {
  return value.toISOString();
}

/** Reads a stored time (Date from pg, ISO string from SQLite) back into a Date. */
export function fromDbTime(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') return new Date(value);
  throw new TypeError(`not a stored time: ${String(value)}`);
}

/** Like fromDbTime, but null stays null. */
export function fromDbTimeOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : fromDbTime(value);
}

/** Reads a stored boolean (0/1 on SQLite, true/false on pg). */
export function fromDbBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/** Reads a JSON text column. */
export function fromDbJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined || value === '') return fallback;
  if (typeof value === 'object') return value as T;
  return JSON.parse(String(value)) as T;
}

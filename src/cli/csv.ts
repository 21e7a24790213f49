/**
 * CSV writing per RFC 4180 (quote fields holding comma, quote or line break; double inner quotes).
 * Hand-written: it is a few lines, and it adds the one thing generic writers don't do by default:
 * cells that a spreadsheet would run as a formula (leading = + - @) get a leading apostrophe, since
 * exported text is scraped and untrusted (OWASP "CSV injection").
 */

/** Formats one CSV field. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Formats one CSV record, ending with CRLF as RFC 4180 says. */
export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

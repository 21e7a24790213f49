/**
 * The one error shape. Routes and services throw AppError; the HTTP error middleware answers
 * `{ error: { code, message, details } }`. Codes are stable so the board can translate them.
 */
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_many_requests'
  | 'payload_too_large'
  | 'busy'
  | 'unavailable'
  | 'internal';

const statusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  busy: 423,
  /** A capability this server lacks (PDF without a Chromium). */
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = statusByCode[code];
  }
}

/** Builds the error for a missing record of the given kind. */
export function notFound(kind: string, id: string | number): AppError {
  return new AppError('not_found', `${kind} ${id} not found`);
}

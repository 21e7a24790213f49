import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';

/** Answers every error as `{ error: { code, message, details } }`; unexpected errors are logged, not leaked. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let appError: AppError;
    if (err instanceof AppError) appError = err;
    else if (err?.type === 'entity.too.large') appError = new AppError('payload_too_large', 'request body too large');
    else if (err?.type === 'entity.parse.failed') appError = new AppError('bad_request', 'request body is not valid JSON');
    else {
      logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
      appError = new AppError('internal', 'internal error');
    }
    if (res.headersSent) return;
    res.status(appError.status).json({
      error: { code: appError.code, message: appError.message, details: appError.details ?? null },
    });
  };
}

/** The answer for API paths no router took. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `no route ${req.method} ${req.path}`));
};

/**
 * State-changing API calls must send JSON. Browsers cannot send a cross-site JSON request without
 * a CORS preflight, so together with SameSite cookies this closes the CSRF door.
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const safe = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!safe && hasBody && !req.is('application/json')) {
    return next(new AppError('bad_request', 'request body must be application/json'));
  }
  next();
};

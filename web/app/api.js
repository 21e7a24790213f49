// The board's JSON client. Errors arrive as `{ error: { code, message, details } }`; a 401 means
// the session is gone, so the page goes back to the login form.

/** An API error with the server's stable code. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {unknown} details
   */
  constructor(status, code, message, details) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

let leaving = false;

/**
 * Sends the browser to the login page (the session expired or was ended elsewhere). Once: signing
 * out also drops the socket, and a second navigation would abort the first.
 */
export function goToLogin() {
  if (leaving) return;
  leaving = true;
  location.assign('/login');
}

/**
 * Calls the API and returns the parsed JSON body (undefined for 204).
 * Network failures become ApiError with code `network` and status 0.
 * @param {'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
export async function api(method, path, body) {
  /** @type {Response} */
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err), null);
  }
  if (res.status === 401) {
    goToLogin();
    throw new ApiError(401, 'unauthenticated', 'session expired', null);
  }
  if (res.status === 204) return undefined;
  /** @type {any} */
  const json = await res.json().catch(() => null);
  if (!res.ok) {
    const error = json?.error ?? {};
    throw new ApiError(res.status, String(error.code ?? 'internal'), String(error.message ?? res.statusText), error.details ?? null);
  }
  return json;
}

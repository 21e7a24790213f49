import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { can, type Action } from '../auth/policy.ts';
import { AppError } from '../shared/errors.ts';

/** The user stored in the session at login. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: string;
}

declare module 'express-session' {
  interface SessionData {
    user?: SessionUser;
  }
}

/** One declared route and the action it requires; collected so a test can check the policy covers all. */
export interface RouteRecord {
  method: string;
  path: string;
  action: Action | 'public';
  /** How the caller is known: the session cookie (the default) or a secret in the path (`token`). */
  auth?: 'session' | 'token';
}

/** The session's user, or null. */
export function sessionUser(req: Request): SessionUser | null {
  return req.session?.user ?? null;
}

/** Middleware: the caller must be logged in and their role must allow `action`. */
export function authorize(action: Action): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const user = sessionUser(req);
    if (!user) return next(new AppError('unauthenticated', 'login required'));
    if (!can(user.role, action)) return next(new AppError('forbidden', `role ${user.role} may not ${action}`));
    next();
  };
}

type Handler = (req: Request, res: Response) => unknown;

/**
 * An express Router whose every route names the policy action it needs, so no route can be added
 * without an access check. Handlers may be async; errors reach the error middleware.
 */
export class SecureRouter {
  readonly router = Router();
  readonly routes: RouteRecord[] = [];

  /** Where the router is mounted, e.g. /api/sources. */
  constructor(readonly prefix: string) {}

  get(path: string, action: Action, handler: Handler): this {
    return this.add('get', path, action, handler);
  }
  post(path: string, action: Action, handler: Handler): this {
    return this.add('post', path, action, handler);
  }
  patch(path: string, action: Action, handler: Handler): this {
    return this.add('patch', path, action, handler);
  }
  put(path: string, action: Action, handler: Handler): this {
    return this.add('put', path, action, handler);
  }
  delete(path: string, action: Action, handler: Handler): this {
    return this.add('delete', path, action, handler);
  }

  /**
   * A GET route for clients that cannot sign in (calendar apps): the secret in its path names the
   * caller, whose role must still allow `action`. An unknown secret is a 404, like a wrong address.
   */
  withToken(path: string, action: Action, caller: (req: Request) => Promise<SessionUser | null>, handler: Handler): this {
    this.routes.push({ method: 'GET', path: this.prefix + path, action, auth: 'token' });
    this.router.get(path, async (req: Request, res: Response) => {
      const user = await caller(req);
      if (!user) throw new AppError('not_found', 'not found');
      if (!can(user.role, action)) throw new AppError('forbidden', `role ${user.role} may not ${action}`);
      await handler(req, res);
    });
    return this;
  }

  /** A route reachable without login (login, health). Use sparingly. */
  public(method: 'get' | 'post', path: string, ...handlers: RequestHandler[]): this {
    this.routes.push({ method: method.toUpperCase(), path: this.prefix + path, action: 'public' });
    this.router[method](path, ...handlers);
    return this;
  }

  private add(method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string, action: Action, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), path: this.prefix + path, action });
    this.router[method](path, authorize(action), async (req: Request, res: Response) => {
      await handler(req, res);
    });
    return this;
  }
}

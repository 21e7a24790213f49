import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { AppError } from '../shared/errors.ts';
import type { EventBus } from '../shared/events.ts';
import { SecureRouter, sessionUser } from '../http/secure-router.ts';
import { parseInput } from '../http/validate.ts';
import type { UsersService } from './users.service.ts';

const loginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
const passwordChangeSchema = z.strictObject({ current: z.string().min(1).max(256), next: z.string().min(1).max(256) });

/** POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me, POST /api/auth/password. */
export function authRoutes(users: UsersService, events: EventBus, loginLimit: { windowMs: number; limit: number }): SecureRouter {
  const r = new SecureRouter('/api/auth');
  // Failed attempts per client address; successful logins don't count.
  const limiter = rateLimit({
    windowMs: loginLimit.windowMs,
    limit: loginLimit.limit,
    skipSuccessfulRequests: true,
    // Keyed by address and account: guessing one account's password is throttled, while colleagues
    // behind the same office NAT can still sign in.
    keyGenerator: (req) => {
      const name: unknown = req.body?.username;
      return `${ipKeyGenerator(req.ip ?? '')}|${typeof name === 'string' ? name.trim().toLowerCase().slice(0, 64) : ''}`;
    },
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new AppError('too_many_requests', 'too many login attempts, try again later')),
  });

  r.public('post', '/login', limiter, async (req, res) => {
    const { username, password } = parseInput(loginSchema, req.body);
    const user = await users.authenticate(username, password);
    // A new session id at login prevents session fixation.
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.user = { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
    res.json({ user: req.session.user });
  });

  r.public('post', '/logout', async (req, res) => {
    const user = sessionUser(req);
    await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
    if (user) events.publish('user.logged-out', { userId: user.id, sessionId: req.sessionID });
    res.clearCookie('huiying.sid');
    res.status(204).end();
  });

  r.get('/me', 'self.read', (req, res) => {
    res.json({ user: sessionUser(req) });
  });

  // A new password for oneself; the user's other sessions end, this one stays.
  // Wrong current passwords count like failed logins, so a borrowed session cannot guess the password.
  const changeLimiter = rateLimit({
    windowMs: loginLimit.windowMs,
    limit: loginLimit.limit,
    skipSuccessfulRequests: true,
    keyGenerator: (req) => `user:${sessionUser(req)?.id ?? ''}`,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new AppError('too_many_requests', 'too many attempts, try again later')),
  });
  r.post('/password', 'self.password', async (req, res) => {
    await new Promise<void>((resolve, reject) => void changeLimiter(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
    const { current, next } = parseInput(passwordChangeSchema, req.body);
    await users.changeOwnPassword(sessionUser(req)!.id, req.sessionID, current, next);
    res.status(204).end();
  });
  return r;
}

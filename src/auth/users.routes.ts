import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../shared/errors.ts';
import { SecureRouter, sessionUser } from '../http/secure-router.ts';
import { parseInput } from '../http/validate.ts';
import { USERNAME_PATTERN } from './accounts.ts';
import { roles } from './policy.ts';
import type { Actor, UsersService } from './users.service.ts';

const idParam = z.object({ id: z.coerce.number().int().positive() });
const displayName = z.string().trim().max(128);
const createSchema = z.strictObject({
  username: z.string().trim().regex(USERNAME_PATTERN, 'letters, digits, _ . - @ (at most 64)'),
  displayName: displayName.optional(),
  role: z.enum(roles),
});
const changeSchema = z
  .strictObject({ displayName: displayName.optional(), role: z.enum(roles).optional(), disabled: z.boolean().optional() })
  .refine((c) => Object.keys(c).length > 0, 'nothing to change');

function actorOf(req: Request): Actor {
  const user = sessionUser(req);
  if (!user) throw new AppError('unauthenticated', 'login required');
  return { id: user.id, username: user.username };
}

/** Answers carrying a one-time password are never stored by the browser or a proxy. */
const noStore = (res: Response) => res.set('cache-control', 'no-store');

/** /api/users: administrators list, create and change accounts and reset passwords. */
export function usersRoutes(users: UsersService): SecureRouter {
  const r = new SecureRouter('/api/users');

  r.get('/', 'users.read', async (_req, res) => {
    res.json({ users: await users.list() });
  });

  r.post('/', 'users.manage', async (req, res) => {
    const input = parseInput(createSchema, req.body);
    const { user, password } = await users.createUser({ ...input, displayName: input.displayName || undefined }, actorOf(req));
    noStore(res).status(201).json({ user, password });
  });

  r.patch('/:id', 'users.manage', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    res.json({ user: await users.updateUser(actorOf(req), id, parseInput(changeSchema, req.body)) });
  });

  r.post('/:id/password', 'users.manage', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    noStore(res).json(await users.resetPassword(actorOf(req), id));
  });
  return r;
}

import { AppError, notFound } from '../shared/errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { refuseAccountChange, refusePassword, type AccountChange } from './accounts.ts';
import { generatePassword, hashPassword, verifyPassword } from './password.ts';
import type { Role } from './policy.ts';
import type { User, UserStore } from './user.store.ts';

/** Who changes an account: an administrator on the board, or the command line (id null). */
export interface Actor {
  id: number | null;
  username: string;
}

/** Ends a user's sessions (all, or all but `keep`) and disconnects their sockets. */
export type SessionEnder = (userId: number, keep?: string) => Promise<void>;

// Compared against when the user does not exist, so a wrong name and a wrong password take as long.
const dummyHash = hashPassword('not-a-real-password');

/**
 * Accounts: login checks, the first admin, and what administrators do to accounts (create, change
 * role or name, disable, reset a password). A change that alters what someone may do, or how they
 * sign in, ends their sessions at once; every change is logged with who made it.
 */
export class UsersService {
  constructor(
    private readonly users: UserStore,
    private readonly clock: Clock,
    private readonly deps: { endSessions?: SessionEnder; logger?: Logger } = {},
  ) {}

  /** Returns the user when name and password match an enabled account; otherwise throws unauthenticated. */
  async authenticate(username: string, password: string): Promise<User> {
    const found = await this.users.findForLogin(username);
    const ok = await verifyPassword(found?.passwordHash ?? (await dummyHash), password);
    if (!found || !ok || found.user.disabled) {
      throw new AppError('unauthenticated', 'wrong username or password');
    }
    const now = this.clock.now();
    await this.users.recordLogin(found.user.id, now);
    return { ...found.user, lastLoginAt: now };
  }

  /** Creates a user; generates a password when none is given and returns it. */
  async createUser(input: { username: string; displayName?: string; role: Role; password?: string }, actor?: Actor): Promise<{ user: User; password: string }> {
    const password = input.password ?? generatePassword();
    const user = await this.users.create(
      { username: input.username, displayName: input.displayName ?? input.username, role: input.role, passwordHash: await hashPassword(password) },
      this.clock.now(),
    );
    if (!user) throw new AppError('conflict', `user ${input.username} already exists`, [{ path: 'username', message: 'taken' }]);
    if (actor) this.deps.logger?.info({ actor: actor.username, user: user.username, role: user.role }, 'account created');
    return { user, password };
  }

  /**
   * On first start (no users at all) creates the `admin` account, with the configured password or a
   * generated one. Returns the generated password so the caller can print it once; null otherwise.
   */
  async ensureFirstAdmin(configuredPassword: string | undefined): Promise<{ username: string; password: string; generated: boolean } | null> {
    if ((await this.users.count()) > 0) return null;
    const { password } = await this.createUser({ username: 'admin', displayName: '系统管理员', role: 'admin', password: configuredPassword });
    return { username: 'admin', password, generated: configuredPassword === undefined };
  }

  /** Changes an account's name, role or enabled state, keeping the rules in accounts.ts. */
  async updateUser(actor: Actor, id: number, change: AccountChange): Promise<User> {
    const all = await this.users.list();
    const before = all.find((u) => u.id === id);
    if (!before) throw notFound('user', id);
    const refusal = refuseAccountChange(all, actor.id, id, change);
    if (refusal) throw new AppError('conflict', refusal.message, [{ path: refusal.field, reason: refusal.reason }]);
    const user = (await this.users.update(id, change, this.clock.now())) ?? before;
    const changed = (['displayName', 'role', 'disabled'] as const).filter((k) => change[k] !== undefined && change[k] !== before[k]);
    // A new role or a disabled account takes effect now, not when the session expires.
    if (changed.includes('role') || (changed.includes('disabled') && user.disabled)) await this.deps.endSessions?.(id);
    if (changed.length) {
      this.deps.logger?.info({ actor: actor.username, user: user.username, changed: Object.fromEntries(changed.map((k) => [k, user[k]])) }, 'account changed');
    }
    return user;
  }

  /** Gives an account a new generated password (returned once) and ends its sessions. */
  async resetPassword(actor: Actor, id: number): Promise<{ user: User; password: string }> {
    const password = generatePassword();
    const user = await this.users.update(id, { passwordHash: await hashPassword(password) }, this.clock.now());
    if (!user) throw notFound('user', id);
    await this.deps.endSessions?.(id);
    this.deps.logger?.info({ actor: actor.username, user: user.username }, 'password reset');
    return { user, password };
  }

  /**
   * A signed-in user changes their own password; their other sessions end, `sessionId` (the one
   * making the change) stays signed in.
   */
  async changeOwnPassword(userId: number, sessionId: string, current: string, next: string): Promise<void> {
    const user = await this.users.get(userId);
    if (!user || user.disabled) throw new AppError('unauthenticated', 'login required');
    const found = await this.users.findForLogin(user.username);
    if (!found || !(await verifyPassword(found.passwordHash, current))) {
      throw new AppError('validation_failed', 'the current password is wrong', [{ path: 'current', message: 'wrong password' }]);
    }
    const refusal = refusePassword(next, user.username) ?? (next === current ? 'the new password is the current one' : null);
    if (refusal) throw new AppError('validation_failed', refusal, [{ path: 'next', message: refusal }]);
    await this.users.update(userId, { passwordHash: await hashPassword(next) }, this.clock.now());
    await this.deps.endSessions?.(userId, sessionId);
    this.deps.logger?.info({ user: user.username }, 'password changed');
  }

  /** One user by login name, or null. */
  findByName(username: string): Promise<User | null> {
    return this.users.findByName(username);
  }

  /** Every user. */
  list(): Promise<User[]> {
    return this.users.list();
  }

  /** One user, or null. */
  get(id: number): Promise<User | null> {
    return this.users.get(id);
  }
}

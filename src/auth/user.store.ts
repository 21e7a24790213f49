import type { Db } from '../db/knex.ts';
import { fromDbBool, fromDbTime, fromDbTimeOrNull, toDbTime } from '../db/values.ts';
import type { Role } from './policy.ts';

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
  /** The last successful sign-in; null for an account never used. */
  lastLoginAt: Date | null;
}

type Row = Record<string, unknown>;

function toUser(r: Row): User {
  return {
    id: Number(r.id),
    username: String(r.username),
    displayName: String(r.display_name),
    role: r.role as Role,
    disabled: fromDbBool(r.disabled),
    createdAt: fromDbTime(r.created_at),
    lastLoginAt: fromDbTimeOrNull(r.last_login_at),
  };
}

/** The only place that reads and writes the users table. */
export class UserStore {
  constructor(private readonly db: Db) {}

  /** How many users exist. */
  async count(): Promise<number> {
    const row = await this.db('users').count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  /** A user with the hash needed to check a password, or null. */
  async findForLogin(username: string): Promise<{ user: User; passwordHash: string } | null> {
    const row = await this.db('users').where({ username }).first();
    return row ? { user: toUser(row), passwordHash: String(row.password_hash) } : null;
  }

  /** One user by id, or null. */
  async get(id: number): Promise<User | null> {
    const row = await this.db('users').where({ id }).first();
    return row ? toUser(row) : null;
  }

  /** Every user, by name. */
  async list(): Promise<User[]> {
    return (await this.db('users').orderBy('username')).map(toUser);
  }

  /** Stores a new user; returns null when the name is taken. */
  async create(input: { username: string; displayName: string; role: Role; passwordHash: string }, now: Date): Promise<User | null> {
    const rows = await this.db('users')
      .insert({
        username: input.username,
        display_name: input.displayName,
        role: input.role,
        password_hash: input.passwordHash,
        disabled: false,
        created_at: toDbTime(now),
        updated_at: toDbTime(now),
      })
      .onConflict('username')
      .ignore()
      .returning('id');
    const row = rows[0] as Row | undefined;
    return row ? this.get(Number(row.id)) : null;
  }

  /** Changes an account; returns it, or null when there is no such user. */
  async update(id: number, change: { displayName?: string; role?: Role; disabled?: boolean; passwordHash?: string }, now: Date): Promise<User | null> {
    const patch: Record<string, unknown> = { updated_at: toDbTime(now) };
    if (change.displayName !== undefined) patch.display_name = change.displayName;
    if (change.role !== undefined) patch.role = change.role;
    if (change.disabled !== undefined) patch.disabled = change.disabled;
    if (change.passwordHash !== undefined) patch.password_hash = change.passwordHash;
    const n = await this.db('users').where({ id }).update(patch);
    return n ? this.get(id) : null;
  }

  /** Records a successful sign-in. */
  async recordLogin(id: number, now: Date): Promise<void> {
    await this.db('users').where({ id }).update({ last_login_at: toDbTime(now) });
  }

  /** One user by login name, or null. */
  async findByName(username: string): Promise<User | null> {
    const row = await this.db('users').where({ username }).first();
    return row ? toUser(row) : null;
  }
}

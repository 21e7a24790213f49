import { AppError } from '../shared/errors.ts';
import type { Clock } from '../shared/clock.ts';
import { generatePassword, hashPassword, verifyPassword } from './password.ts';
import type { Role } from './policy.ts';
import type { User, UserStore } from './user.store.ts';

// Compared against when the user does not exist, so a wrong name and a wrong password take as long.
const dummyHash = hashPassword('not-a-real-password');

/** Accounts: login checks, creating users, the first admin. */
export class UsersService {
  constructor(
    private readonly users: UserStore,
    private readonly clock: Clock,
  ) {}

  /** Returns the user when name and password match an enabled account; otherwise throws unauthenticated. */
  async authenticate(username: string, password: string): Promise<User> {
    const found = await this.users.findForLogin(username);
    const ok = await verifyPassword(found?.passwordHash ?? (await dummyHash), password);
    if (!found || !ok || found.user.disabled) {
      throw new AppError('unauthenticated', 'wrong username or password');
    }
    return found.user;
  }

  /** Creates a user; generates a password when none is given and returns it. */
  async createUser(input: { username: string; displayName?: string; role: Role; password?: string }): Promise<{ user: User; password: string }> {
    const password = input.password ?? generatePassword();
    const user = await this.users.create(
      { username: input.username, displayName: input.displayName ?? input.username, role: input.role, passwordHash: await hashPassword(password) },
      this.clock.now(),
    );
    if (!user) throw new AppError('conflict', `user ${input.username} already exists`);
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

  /** Every user. */
  list(): Promise<User[]> {
    return this.users.list();
  }

  /** One user, or null. */
  get(id: number): Promise<User | null> {
    return this.users.get(id);
  }
}

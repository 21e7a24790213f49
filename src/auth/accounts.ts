import type { Role } from './policy.ts';

/**
 * The rules an account change must keep, as pure functions: an administrator cannot lock
 * themselves out, the office always keeps one enabled administrator, and a new password is long
 * enough and not the login name.
 */

/** What an administrator may change of an account (the login name stays). */
export interface AccountChange {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
}

export interface AccountState {
  id: number;
  role: Role;
  disabled: boolean;
}

/** The shortest password a person may choose; generated ones are 20 characters. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/** Why an account change is refused: a stable reason (the board translates it), the field at fault and a message. */
export interface Refusal {
  reason: 'own-account' | 'own-role' | 'last-admin';
  field: 'disabled' | 'role';
  message: string;
}

/**
 * Why the change may not be made, or null. `actorId` is the administrator making it (null for the
 * command line, which runs with the server's own rights but still keeps an administrator).
 */
export function refuseAccountChange(accounts: readonly AccountState[], actorId: number | null, targetId: number, change: AccountChange): Refusal | null {
  const target = accounts.find((a) => a.id === targetId);
  if (!target) return null;
  if (actorId === targetId) {
    if (change.disabled === true) return { reason: 'own-account', field: 'disabled', message: 'you cannot disable your own account' };
    if (change.role !== undefined && change.role !== target.role) return { reason: 'own-role', field: 'role', message: 'you cannot change your own role' };
  }
  const after = accounts.map((a) => (a.id === targetId ? { ...a, role: change.role ?? a.role, disabled: change.disabled ?? a.disabled } : a));
  const enabledAdmins = (list: readonly AccountState[]) => list.filter((a) => a.role === 'admin' && !a.disabled).length;
  if (enabledAdmins(after) === 0 && enabledAdmins(accounts) > 0) {
    return { reason: 'last-admin', field: change.disabled === true ? 'disabled' : 'role', message: 'the last enabled administrator cannot be disabled or given another role' };
  }
  return null;
}

/** Why a new password is refused, or null. */
export function refusePassword(password: string, username: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `a password may have at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim().toLowerCase() === username.trim().toLowerCase()) return 'a password cannot be the login name';
  if (new Set(password).size < 4) return 'a password needs at least 4 different characters';
  return null;
}

/** Login names: letters, digits and _ . - @, at most 64 (the CLI and the board take the same). */
export const USERNAME_PATTERN = /^[\w.\-@]{1,64}$/u;

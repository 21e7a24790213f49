import { Option, type Command } from 'commander';
import { USERNAME_PATTERN } from '../auth/accounts.ts';
import { roleLabels, roles, type Role } from '../auth/policy.ts';
import type { Actor } from '../auth/users.service.ts';
import { CliError, withApp } from './context.ts';

/** The command line changes accounts with the server's own rights; the log names it. */
const cli: Actor = { id: null, username: '(command line)' };

/** `huiying users …`: accounts, for the first administrator and for scripts. */
export function addUsersCommands(program: Command): void {
  const users = program.command('users').description('user accounts');
  users
    .command('add')
    .description('add a user and print a generated password')
    .requiredOption('--name <username>', 'login name')
    .addOption(new Option('--role <role>', 'role').choices([...roles]).makeOptionMandatory())
    .option('--display-name <name>', 'name shown on the board')
    .action(async (opts: { name: string; role: Role; displayName?: string }) => {
      if (!USERNAME_PATTERN.test(opts.name)) throw new CliError('--name may hold letters, digits, _ . - @ (at most 64)');
      await withApp(async (app) => {
        const { user, password } = await app.services.users.createUser({ username: opts.name, role: opts.role, displayName: opts.displayName }, cli);
        console.log(`created user ${user.username} (${user.role})\npassword: ${password}`);
      });
    });

  users
    .command('list')
    .description('list the accounts: login name, role, state, last sign-in, name')
    .action(async () => {
      await withApp(async (app) => {
        for (const u of await app.services.users.list()) {
          const lastLogin = u.lastLoginAt ? u.lastLoginAt.toISOString().slice(0, 16).replace('T', ' ') + 'Z' : 'never';
          console.log([u.username.padEnd(20), u.role.padEnd(7), (u.disabled ? 'disabled' : 'enabled').padEnd(9), lastLogin.padEnd(17), `${u.displayName} · ${roleLabels[u.role]}`].join(' '));
        }
      });
    });

  users
    .command('set')
    .description("change a user's role, name or state; a new role or disabling ends their sessions")
    .requiredOption('--name <username>', 'login name')
    .addOption(new Option('--role <role>', 'new role').choices([...roles]))
    .option('--display-name <name>', 'name shown on the board')
    .addOption(new Option('--disable', 'disable the account (it can no longer sign in)').conflicts('enable'))
    .option('--enable', 'enable the account again')
    .action(async (opts: { name: string; role?: Role; displayName?: string; disable?: boolean; enable?: boolean }) => {
      const change = { role: opts.role, displayName: opts.displayName, disabled: opts.disable ? true : opts.enable ? false : undefined };
      if (Object.values(change).every((v) => v === undefined)) throw new CliError('nothing to change: give --role, --display-name, --disable or --enable');
      await withApp(async (app) => {
        const found = await app.services.users.findByName(opts.name);
        if (!found) throw new CliError(`no user ${opts.name}`);
        const user = await app.services.users.updateUser(cli, found.id, change);
        console.log(`${user.username}: ${user.role}, ${user.disabled ? 'disabled' : 'enabled'}, ${user.displayName}`);
      });
    });

  users
    .command('reset-password')
    .description('give a user a new generated password (printed once) and end their sessions')
    .requiredOption('--name <username>', 'login name')
    .action(async (opts: { name: string }) => {
      await withApp(async (app) => {
        const found = await app.services.users.findByName(opts.name);
        if (!found) throw new CliError(`no user ${opts.name}`);
        const { password } = await app.services.users.resetPassword(cli, found.id);
        console.log(`new password for ${found.username}: ${password}`);
      });
    });
}

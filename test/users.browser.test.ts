import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { launchChromium, logIn, newBoardPage, skipBrowser, textOf } from './helpers/browser.ts';

/**
 * Accounts on the board in a real browser against the real app: the administrators' 用户 tab
 * (create, disable, enable, reset a password, each one-time password shown once and signing in),
 * the tab hidden from other roles, and 修改密码 in the top bar for everyone.
 */

describe.skipIf(skipBrowser)('accounts in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  /** Errors the pages report (CSP violations, exceptions); the board should produce none. */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Signs in through the API, as a second device would; the status and the session cookie. */
  const apiLogin = async (username: string, password: string) => {
    const res = await fetch(`${t.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return { status: res.status, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '' };
  };

  const row = (page: Page, username: string) => page.locator(`#users-table tbody.account[data-username="${username}"]`);
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

  it('lets an admin create a duty account, whose one-time password signs in, then disable, enable and reset it', async () => {
    const page = await newBoardPage(browser, pageErrors);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
    const admin = await t.createUser('admin');
    await logIn(page, t.baseUrl, admin);
    /** The native confirm dialogs the page opens, and whether the next one is accepted. */
    const confirms: string[] = [];
    let accept = true;
    page.on('dialog', (dialog) => {
      confirms.push(dialog.message());
      void (accept ? dialog.accept() : dialog.dismiss());
    });

    expect(await page.locator('#tab-users').textContent()).toBe('用户');
    await page.click('#tab-users');
    const own = row(page, admin.username);
    await own.waitFor();
    expect(await page.locator('#users').isVisible()).toBe(true);
    // Every account the server has, one row each (other tests, run first, add theirs).
    const accounts: number = await page.evaluate(async () => (await (await fetch('/api/users')).json()).users.length);
    expect(await page.locator('#users-table tbody.account').count()).toBe(accounts);
    expect(await textOf(page, '#users-count')).toBe(`${accounts} 个账号`);
    expect(await page.locator('#users-table thead th').allTextContents()).toEqual(['登录名', '姓名', '角色', '状态', '最近登录', '创建时间']);
    expect(await own.locator('.col-role').textContent()).toBe('管理员');
    expect(await own.locator('.account-state').textContent()).toBe('启用');
    expect(await own.locator('.col-username .tag').textContent()).toBe('当前登录');
    expect(await own.locator('.col-created time').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // The admin's own row: no 停用 (nor 重置密码, which would end this session); 修改 locks the role.
    expect(await own.locator('button').allTextContents()).toEqual(['修改']);
    await own.locator('[data-action="edit"]').click();
    expect(await textOf(page, '#account-dialog-title')).toBe('修改用户');
    expect(await page.locator('#account-username').getAttribute('readonly')).not.toBeNull();
    expect(await page.locator('#account-role').isDisabled()).toBe(true);
    expect(await textOf(page, '#account-hint-role')).toBe('不能修改自己的角色');
    await page.click('#account-cancel');

    // 新建用户: a name the server would refuse is caught beside its field; a taken one comes back
    // from the server as a conflict, also beside the field.
    await page.click('#add-user');
    expect(await textOf(page, '#account-dialog-title')).toBe('新建用户');
    await expect.poll(() => focusedId(page)).toBe('account-username');
    expect(await page.locator('#account-role option').allTextContents()).toEqual(['值班员', '宣传处工作人员', '厅领导', '管理员']);
    expect(await page.locator('#account-role').isDisabled()).toBe(false);
    await page.fill('#account-username', 'has space');
    await page.click('#account-save');
    expect(await textOf(page, '#account-error-username')).toBe('只能包含字母、数字和 _ . - @，不超过 64 个字符');
    expect(await page.locator('#account-username').getAttribute('aria-invalid')).toBe('true');
    await page.fill('#account-username', admin.username);
    await page.click('#account-save');
    await expect.poll(() => textOf(page, '#account-error-username')).toBe('该登录名已被使用');
    expect(await textOf(page, '#account-form-error')).toBe('填写内容有误，请检查标出的项目');
    await expect.poll(() => focusedId(page)).toBe('account-username');
    expect(await page.locator('#account-dialog').getAttribute('open')).not.toBeNull();

    await page.fill('#account-username', 'wang.duty');
    await page.fill('#account-displayName', '王值班');
    await page.selectOption('#account-role', 'duty');
    await page.click('#account-save');
    const secret = page.locator('#secret-dialog');
    await secret.waitFor();
    expect(await page.locator('#account-dialog').getAttribute('open')).toBeNull();
    expect(await page.locator('#account-username').getAttribute('aria-invalid')).toBe('false');
    expect(await textOf(page, '#secret-dialog-title')).toBe('账号「王值班」的初始密码');
    expect(await textOf(page, '#secret-intro')).toBe('账号「wang.duty」（值班员）已创建，可用下面的密码登录。');
    expect(await textOf(page, '#secret-once')).toContain('密码只显示这一次');
    expect(await textOf(page, '#secret-once')).toContain('修改密码');
    await expect.poll(() => focusedId(page)).toBe('secret-value');
    const password = await page.locator('#secret-value').inputValue();
    expect(password).toHaveLength(20);
    await page.click('#secret-copy');
    // The clipboard write is asynchronous: the button says so once it is done.
    await expect.poll(() => textOf(page, '#secret-copy')).toBe('已复制');
    expect(await textOf(page, '#secret-copy-status')).toBe('已复制到剪贴板。');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(password);

    // The password read from the dialog signs in.
    expect((await apiLogin('wang.duty', password)).status).toBe(200);

    // Closed, the dialog forgets the password; focus goes back to 新建用户.
    await page.click('#secret-close');
    await secret.waitFor({ state: 'hidden' });
    expect(await page.locator('#secret-value').inputValue()).toBe('');
    await expect.poll(() => focusedId(page)).toBe('add-user');
    const duty = row(page, 'wang.duty');
    expect(await duty.locator('.col-display-name').textContent()).toBe('王值班');
    expect(await duty.locator('.col-role').textContent()).toBe('值班员');
    expect(await duty.locator('.account-state').textContent()).toBe('启用');
    // Drawn before the sign-in above.
    expect(await duty.locator('.col-last-login').textContent()).toBe('从未登录');
    expect(await textOf(page, '#users-message')).toBe('已创建账号「王值班」。');
    expect(await textOf(page, '#users-count')).toBe(`${accounts + 1} 个账号`);

    // 停用 asks first; dismissed, nothing changes.
    accept = false;
    await duty.locator('[data-action="disable"]').click();
    expect(confirms).toEqual(['确定停用账号「王值班」吗？停用后该账号不能登录，已登录的设备会立即退出。']);
    expect(await duty.locator('.account-state').textContent()).toBe('启用');
    expect((await apiLogin('wang.duty', password)).status).toBe(200);

    accept = true;
    await duty.locator('[data-action="disable"]').click();
    await expect.poll(() => duty.locator('.account-state').textContent()).toBe('已停用');
    expect(await duty.locator('.account-state').getAttribute('data-state')).toBe('disabled');
    // The account as the server returned it: signed in since.
    expect(await duty.locator('.col-last-login time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await duty.getAttribute('class')).toContain('is-disabled');
    expect(await textOf(page, '#users-message')).toBe('已停用账号「王值班」。');
    expect(await textOf(page, '#users-count')).toBe(`${accounts + 1} 个账号（1 个已停用）`);
    // Focus stays on the row's toggle, now 启用.
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['action'])).toBe('enable');
    expect((await apiLogin('wang.duty', password)).status).toBe(401);

    await duty.locator('[data-action="enable"]').click();
    await expect.poll(() => duty.locator('.account-state').textContent()).toBe('启用');
    expect(await duty.getAttribute('class')).not.toContain('is-disabled');
    expect((await apiLogin('wang.duty', password)).status).toBe(200);

    // 重置密码: confirmed, the new password is shown once; the old one stops working.
    await duty.locator('[data-action="reset-password"]').click();
    expect(confirms.at(-1)).toBe('确定重置「王值班」的密码吗？原密码立即失效，该账号已登录的设备会退出。');
    await secret.waitFor();
    expect(await textOf(page, '#secret-dialog-title')).toBe('「王值班」的新密码');
    expect(await textOf(page, '#secret-copy')).toBe('复制');
    const fresh = await page.locator('#secret-value').inputValue();
    expect(fresh).toHaveLength(20);
    expect(fresh).not.toBe(password);
    expect((await apiLogin('wang.duty', password)).status).toBe(401);
    expect((await apiLogin('wang.duty', fresh)).status).toBe(200);
    await page.click('#secret-close');
    // Focus returns when the dialog's close event has run.
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['action'])).toBe('reset-password');
    expect(await textOf(page, '#users-message')).toBe('已重置「王值班」的密码。');

    // 修改: a new name and role; the login name is read-only.
    await duty.locator('[data-action="edit"]').click();
    expect(await page.locator('#account-username').inputValue()).toBe('wang.duty');
    expect(await page.locator('#account-username').getAttribute('readonly')).not.toBeNull();
    expect(await page.locator('#account-role').isDisabled()).toBe(false);
    await page.fill('#account-displayName', '王小明');
    await page.selectOption('#account-role', 'staff');
    await page.click('#account-save');
    await expect.poll(() => duty.locator('.col-role').textContent()).toBe('宣传处工作人员');
    expect(await duty.locator('.col-display-name').textContent()).toBe('王小明');
    const me = await (await fetch(`${t.baseUrl}/api/auth/me`, { headers: { cookie: (await apiLogin('wang.duty', fresh)).cookie } })).json();
    expect(me.user).toMatchObject({ role: 'staff', displayName: '王小明' });

    // The same tab in English.
    await page.click('#lang-switch');
    expect(await page.locator('#tab-users').textContent()).toBe('Users');
    expect(await duty.locator('.account-state').textContent()).toBe('Enabled');
    expect(await duty.locator('.col-role').textContent()).toBe('Publicity staff');
    expect(await textOf(page, '#users-count')).toBe(`${accounts + 1} accounts`);
    await page.click('#lang-switch');
    expect(await page.locator('img').count()).toBe(0);
    await page.context().close();
  });

  it('shows the 用户 tab to administrators only', async () => {
    for (const role of ['staff', 'duty', 'leader'] as const) {
      const page = await newBoardPage(browser, pageErrors);
      await logIn(page, t.baseUrl, await t.createUser(role));
      expect(await page.locator('#tab-users').isHidden()).toBe(true);
      expect(await page.locator('#users').isHidden()).toBe(true);
      // Arrow keys skip the hidden tab too.
      const tabs = await page.locator('#side-tabs [role="tab"]:visible').allTextContents();
      expect(tabs).not.toContain('用户');
      // Everyone may change their own password.
      expect(await page.locator('#change-password').isVisible()).toBe(true);
      await page.context().close();
    }
  });

  it('lets anyone change their own password from the top bar: errors beside the fields, other sessions end', async () => {
    const page = await newBoardPage(browser, pageErrors);
    const duty = await t.createUser('duty');
    await logIn(page, t.baseUrl, duty);
    const elsewhere = await apiLogin(duty.username, duty.password);
    expect(elsewhere.status).toBe(200);

    expect(await textOf(page, '#change-password')).toBe('修改密码');
    await page.click('#change-password');
    expect(await textOf(page, '#password-dialog-title')).toBe('修改密码');
    await expect.poll(() => focusedId(page)).toBe('password-current');
    expect(await page.locator('#password-current').getAttribute('autocomplete')).toBe('current-password');
    expect(await page.locator('#password-next').getAttribute('autocomplete')).toBe('new-password');
    expect(await page.locator('#password-confirm').getAttribute('autocomplete')).toBe('new-password');
    const next = 'Correct-horse-42';

    // The confirmation is checked before anything is sent.
    await page.fill('#password-current', 'not-my-password');
    await page.fill('#password-next', next);
    await page.fill('#password-confirm', `${next}!`);
    await page.click('#password-save');
    expect(await textOf(page, '#password-error-confirm')).toBe('两次输入的新密码不一致');
    expect(await page.locator('#password-confirm').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => focusedId(page)).toBe('password-confirm');

    // A wrong current password: the server's answer beside its field.
    await page.fill('#password-confirm', next);
    await page.click('#password-save');
    await expect.poll(() => textOf(page, '#password-error-current')).toBe('当前密码不正确');
    expect(await page.locator('#password-current').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#password-error-confirm').isHidden()).toBe(true);
    expect(await page.locator('#password-confirm').getAttribute('aria-invalid')).toBe('false');
    await expect.poll(() => focusedId(page)).toBe('password-current');
    expect(await page.locator('#password-dialog').getAttribute('open')).not.toBeNull();

    // A new password the server refuses (too short), beside the new password.
    await page.fill('#password-current', duty.password);
    await page.fill('#password-next', 'short1');
    await page.fill('#password-confirm', 'short1');
    await page.click('#password-save');
    await expect.poll(() => textOf(page, '#password-error-next')).toBe('新密码至少需要 10 个字符');
    expect(await page.locator('#password-next').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#password-current').getAttribute('aria-invalid')).toBe('false');

    await page.fill('#password-next', next);
    await page.fill('#password-confirm', next);
    await page.click('#password-save');
    await page.locator('#password-dialog').waitFor({ state: 'hidden' });
    await expect.poll(() => textOf(page, '#account-message')).toBe('密码已修改，其他设备上的登录已退出');
    expect(await page.locator('#account-message').getAttribute('role')).toBe('status');
    // The dialog keeps no password once closed.
    expect(await page.locator('#password-current').inputValue()).toBe('');

    // The other session ended; this one stays.
    expect((await fetch(`${t.baseUrl}/api/auth/me`, { headers: { cookie: elsewhere.cookie } })).status).toBe(401);
    expect(await page.evaluate(async () => (await fetch('/api/auth/me')).status)).toBe(200);
    expect(await page.locator('#connection').getAttribute('data-state')).toBe('connected');
    expect((await apiLogin(duty.username, duty.password)).status).toBe(401);
    expect((await apiLogin(duty.username, next)).status).toBe(200);
    await page.context().close();
  });

  it('produced no page errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});

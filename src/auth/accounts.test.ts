import { describe, expect, it } from 'vitest';
import { refuseAccountChange, refusePassword, type AccountState } from './accounts.ts';

const accounts: AccountState[] = [
  { id: 1, role: 'admin', disabled: false },
  { id: 2, role: 'admin', disabled: false },
  { id: 3, role: 'staff', disabled: false },
  { id: 4, role: 'admin', disabled: true },
];

describe('refuseAccountChange', () => {
  it('lets an administrator change someone else', () => {
    expect(refuseAccountChange(accounts, 1, 3, { role: 'duty', disabled: true, displayName: '李四' })).toBeNull();
    expect(refuseAccountChange(accounts, 1, 2, { disabled: true })).toBeNull();
    expect(refuseAccountChange(accounts, 1, 2, { role: 'staff' })).toBeNull();
  });

  it('refuses locking oneself out, but allows renaming oneself', () => {
    expect(refuseAccountChange(accounts, 1, 1, { disabled: true })).toMatchObject({ reason: 'own-account' });
    expect(refuseAccountChange(accounts, 1, 1, { role: 'staff' })).toMatchObject({ reason: 'own-role' });
    expect(refuseAccountChange(accounts, 1, 1, { role: 'admin', disabled: false, displayName: '新名字' })).toBeNull();
  });

  it('always keeps one enabled administrator, whoever makes the change', () => {
    const lastAdmin = accounts.map((a) => (a.id === 2 ? { ...a, disabled: true } : a));
    expect(refuseAccountChange(lastAdmin, null, 1, { disabled: true })).toEqual({ reason: 'last-admin', field: 'disabled', message: expect.stringMatching(/last enabled administrator/) });
    expect(refuseAccountChange(lastAdmin, null, 1, { role: 'leader' })).toMatchObject({ reason: 'last-admin', field: 'role' });
    expect(refuseAccountChange(lastAdmin, null, 1, { displayName: 'x' })).toBeNull();
    // Enabling a second administrator first makes it possible.
    expect(refuseAccountChange(lastAdmin, null, 4, { disabled: false })).toBeNull();
    expect(refuseAccountChange(accounts, null, 1, { disabled: true })).toBeNull();
  });

  it('does not block changes in an install that has no enabled administrator to lose', () => {
    const none: AccountState[] = [{ id: 3, role: 'staff', disabled: false }];
    expect(refuseAccountChange(none, null, 3, { role: 'duty' })).toBeNull();
  });
});

describe('refusePassword', () => {
  it('takes a long enough password that is not the login name', () => {
    expect(refusePassword('correct horse battery', 'zhang')).toBeNull();
    expect(refusePassword('回应舆情监测平台密码', 'zhang')).toBeNull();
  });

  it('refuses short, repetitive, over-long and name-like passwords', () => {
    expect(refusePassword('short', 'zhang')).toMatch(/at least 10/);
    expect(refusePassword('aaaaaaaaaaaa', 'zhang')).toMatch(/different characters/);
    expect(refusePassword('x'.repeat(300), 'zhang')).toMatch(/at most 256/);
    expect(refusePassword('zhangsan.office', 'zhangsan.office')).toMatch(/login name/);
  });
});

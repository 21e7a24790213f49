import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQuotaRules } from '../src/press/index.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { launchChromium, logIn, newBoardPage, skipBrowser, textOf } from './helpers/browser.ts';

/**
 * The board's 新闻发布 tab in a real browser against the real app, with the server's clock fixed in
 * July 2026 (the third quarter): the quota panel following events live, the event dialog with the
 * API's validation errors beside their fields, the people list, role-dependent controls, and
 * user text rendered as text.
 */



// One journey through a quarter, test by test: staff add a person and plan, then hold, a conference;
// a leader then sees the quota met; a briefing arrives live and is deleted. Later tests read the
// state earlier ones leave; run alone (-t), they first make that state directly (journeySoFar).
describe.skipIf(skipBrowser)('press tab in a browser', () => {
  // Friday 10 July 2026, Beijing time: 2026Q3 runs to 30 September, nothing is at risk yet.
  const clock = fixedClock('2026-07-10T10:00:00+08:00');
  let t: TestApp;
  let browser: Browser;
  /** Errors the pages report (CSP violations, exceptions); the board should produce none. */
  const pageErrors: string[] = [];

  const newPage = async () => {
    // A browser in another time zone: dates must still be read and shown in Beijing time.
    return newBoardPage(browser, pageErrors, { timezoneId: 'Europe/London' });
  };

  /** Signs in with a new user of the role and opens the 新闻发布 tab. */
  const openPressTab = async (role: 'admin' | 'staff' | 'duty' | 'leader') => {
    const page = await newPage();
    await logIn(page, t.baseUrl, await t.createUser(role));
    await page.click('#tab-press');
    await page.locator('#quota-list li.quota-rule').first().waitFor();
    return page;
  };

  const rule = (page: Page, id: string) => page.locator(`#quota-list li.quota-rule[data-rule-id="${id}"]`);

  /**
   * The state the first three tests leave, made through the services when a later test runs alone:
   * the department head, the conference held on 14 August, one planned for September, and the
   * server's clock on 20 August.
   */
  const journeySoFar = async () => {
    const press = t.app.services.press;
    if ((await press.listEvents()).length) return;
    await press.importPeople([{ name: '李明', role: 'head', title: '党委书记、厅长', active: true }]);
    const event = { organiser: '省司法厅', location: '', topics: [], keywords: [], materials: [], notes: '', coverageDays: 7 };
    await press.saveEvent({ ...event, kind: 'own-conference', status: 'held', speakers: [{ name: '李明', role: 'head' }], title: '全省公共法律服务体系建设新闻发布会', start: new Date('2026-08-14T10:00:00+08:00') });
    await press.saveEvent({ ...event, kind: 'own-conference', status: 'planned', speakers: [], title: '时间有误的发布会', start: new Date('2026-09-10T15:30:00+08:00') });
    clock.set('2026-08-20T09:00:00+08:00');
  };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    await t.app.services.press.seedQuotaRules(loadQuotaRules());
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows every rule of the directive for its current period, with a countdown', async () => {
    const page = await openPressTab('duty');
    expect(await page.locator('#quota-list li.quota-rule').count()).toBe(5);
    const quarterly = rule(page, 'own-quarterly');
    expect(await quarterly.getAttribute('data-state')).toBe('pending');
    expect(await quarterly.locator('.quota-state').textContent()).toBe('待安排');
    expect(await quarterly.locator('.quota-name').textContent()).toBe('本部门每季度至少举行1次新闻发布会');
    expect(await quarterly.locator('.quota-period').textContent()).toBe('2026年第三季度');
    // 10 July 10:00 to 1 October 00:00 Beijing time: 82 days and 14 hours, counted up.
    expect(await quarterly.locator('.quota-days').textContent()).toBe('距期末 83 天');
    expect(await quarterly.locator('.quota-progress').textContent()).toBe('已举行 0 / 要求 1 次');
    expect(await quarterly.locator('svg.quota-bar').getAttribute('aria-label')).toBe('本部门每季度至少举行1次新闻发布会：已举行 0 次，已安排 0 次，要求 1 次');
    expect(await rule(page, 'leader-half-yearly').locator('.quota-period').textContent()).toBe('2026年下半年');
    expect(await rule(page, 'own-yearly').locator('.quota-period').textContent()).toBe('2026年');
    expect(await textOf(page, '#quota-at')).toBe('截至 2026-07-10 10:00（北京时间）');
    expect(await page.locator('#quota-reminders').isHidden()).toBe(true);
    // Duty officers read the press work but record nothing.
    expect(await page.locator('#add-event').isHidden()).toBe(true);
    await page.context().close();
  });

  it('lets staff add a person and plan a conference next month: the quota shows 已安排 live, then 已完成 once held', async () => {
    const page = await openPressTab('staff');
    page.on('dialog', (dialog) => void dialog.accept());
    // A marker on window survives only if the page is not reloaded.
    await page.evaluate(() => Object.assign(window, { pressMarker: 'still here' }));

    // The people list: the department head, added through the small form.
    await page.fill('#person-name', '李明');
    await page.selectOption('#person-role', 'head');
    await page.fill('#person-title', '厅长');
    await page.click('#person-save');
    const person = page.locator('#people-list li.person', { hasText: '李明' });
    await person.waitFor();
    expect(await person.locator('.person-role').textContent()).toBe('主要负责同志');
    expect(await person.locator('.person-title').textContent()).toBe('厅长');
    expect(await textOf(page, '#press-message')).toBe('已保存「李明」。');
    // Updating by name changes the post rather than adding a second 李明.
    await person.locator('[data-action="edit-person"]').click();
    expect(await page.locator('#person-name').inputValue()).toBe('李明');
    await page.fill('#person-title', '党委书记、厅长');
    await page.click('#person-save');
    await expect.poll(() => person.locator('.person-title').textContent()).toBe('党委书记、厅长');
    expect(await page.locator('#people-list li.person').count()).toBe(1);

    await page.click('#add-event');
    await page.locator('#event-dialog').waitFor();
    expect(await page.locator('#event-kind option').allTextContents()).toEqual(['新闻发布会', '省政府新闻办发布会', '吹风会', '访谈', '新闻发布']);
    await page.selectOption('#event-kind', 'own-conference');
    await page.fill('#event-title', '全省公共法律服务体系建设新闻发布会');
    await page.fill('#event-start', '2026-08-14T10:00');
    await page.fill('#event-organiser', '省司法厅');
    await page.fill('#event-location', '省政府新闻发布厅');
    await page.fill('#event-keywords', '公共法律服务，法律援助、12348');
    // One speaker from the people list, one typed.
    const pickValue = await page.locator('#event-speaker-pick option', { hasText: '李明' }).getAttribute('value');
    await page.selectOption('#event-speaker-pick', pickValue!);
    await page.click('#event-speaker-add');
    await page.locator('#event-speakers li.speaker-row input').nth(1).fill('王芳');
    await page.locator('#event-speakers li.speaker-row select').nth(1).selectOption('spokesperson');
    expect(await page.locator('#event-speakers li.speaker-row select').first().inputValue()).toBe('head');
    await page.click('#event-save');
    await page.locator('#event-dialog').waitFor({ state: 'hidden' });

    const event = page.locator('#event-list li.press-event', { hasText: '全省公共法律服务体系建设新闻发布会' });
    await event.waitFor();
    expect(await event.locator('xpath=ancestor::section[1]').getAttribute('data-group')).toBe('upcoming');
    expect(await event.locator('.event-time').textContent()).toBe('2026-08-14 10:00');
    expect(await event.locator('.event-status').textContent()).toBe('计划');
    expect(await event.locator('.event-kind').textContent()).toBe('新闻发布会');
    expect(await event.locator('.event-meta').textContent()).toContain('发言人：李明（主要负责同志）、王芳（新闻发言人）');
    expect(await textOf(page, '#press-message')).toBe('已添加发布活动「全省公共法律服务体系建设新闻发布会」。');
    const [stored] = await t.app.services.press.listEvents();
    expect(stored).toMatchObject({
      kind: 'own-conference',
      status: 'planned',
      organiser: '省司法厅',
      location: '省政府新闻发布厅',
      keywords: ['公共法律服务', '法律援助', '12348'],
      speakers: [{ name: '李明', role: 'head' }, { name: '王芳', role: 'spokesperson' }],
    });
    expect(stored!.startsAt.toISOString()).toBe('2026-08-14T02:00:00.000Z');

    // Planned in the quarter: the quarterly rule is covered, the yearly one still short.
    const quarterly = rule(page, 'own-quarterly');
    await expect.poll(() => quarterly.getAttribute('data-state')).toBe('on-track');
    expect(await quarterly.locator('.quota-state').textContent()).toBe('已安排');
    expect(await quarterly.locator('.quota-progress').textContent()).toBe('已举行 0 / 要求 1 次，另已安排 1 次');
    expect(await quarterly.locator('.quota-event.is-planned').textContent()).toBe('已安排2026-08-14 10:00全省公共法律服务体系建设新闻发布会');
    expect(await quarterly.locator('svg.quota-bar rect.quota-planned').getAttribute('width')).toBe('100.00');
    expect(await rule(page, 'own-yearly').getAttribute('data-state')).toBe('pending');
    expect(await page.evaluate(() => (window as unknown as { pressMarker?: string }).pressMarker)).toBe('still here');

    // A week after the conference it is recorded as held: the quarter's quota is met.
    clock.set('2026-08-20T09:00:00+08:00');
    await event.locator('[data-action="held"]').click();
    await expect.poll(() => quarterly.getAttribute('data-state')).toBe('met');
    expect(await quarterly.locator('.quota-state').textContent()).toBe('已完成');
    expect(await quarterly.locator('.quota-progress').textContent()).toBe('已举行 1 / 要求 1 次');
    expect(await quarterly.locator('.quota-event.is-counted .quota-event-title').textContent()).toBe('全省公共法律服务体系建设新闻发布会');
    expect(await quarterly.locator('svg.quota-bar rect.quota-counted').getAttribute('width')).toBe('100.00');
    expect(await rule(page, 'own-yearly').locator('.quota-progress').textContent()).toBe('已举行 1 / 要求 4 次');
    await expect.poll(() => event.locator('.event-status').textContent()).toBe('已举行');
    // The server's clock has moved past it: the event is now among the recent ones, without the 标记已举行 button.
    await expect.poll(() => event.locator('xpath=ancestor::section[1]').getAttribute('data-group')).toBe('recent');
    expect(await event.locator('[data-action="held"]').count()).toBe(0);
    expect((await t.app.services.press.getEvent(stored!.id)).status).toBe('held');

    // Editing keeps the time in Beijing time and changes only what was changed.
    await event.locator('[data-action="edit"]').click();
    expect(await page.locator('#event-start').inputValue()).toBe('2026-08-14T10:00');
    expect(await page.locator('#event-status').inputValue()).toBe('held');
    expect(await page.locator('#event-keywords').inputValue()).toBe('公共法律服务、法律援助、12348');
    await page.fill('#event-location', '省司法厅新闻发布厅');
    // Materials: a line without a link is refused beside the field, then fixed.
    expect(await page.locator('#event-coverageDays').inputValue()).toBe('7');
    await page.fill('#event-coverageDays', '10');
    await page.fill('#event-materials', '新闻通稿\n政策解读 https://sft.example.gov.cn/jd/1.html');
    await page.click('#event-save');
    await page.locator('#event-error-materials').waitFor();
    expect(await page.locator('#event-error-materials').textContent()).toContain('链接须以 http');
    await page.fill('#event-materials', '新闻通稿 https://sft.example.gov.cn/tg/1.html\n政策解读 https://sft.example.gov.cn/jd/1.html');
    await page.fill('#event-notes', '现场答问 6 个');
    await page.click('#event-save');
    await page.locator('#event-dialog').waitFor({ state: 'hidden' });
    await expect.poll(() => event.locator('.event-meta').textContent()).toContain('省司法厅新闻发布厅');
    expect(await t.app.services.press.getEvent(stored!.id)).toMatchObject({
      status: 'held',
      location: '省司法厅新闻发布厅',
      keywords: ['公共法律服务', '法律援助', '12348'],
      coverageDays: 10,
      notes: '现场答问 6 个',
      materials: [
        { title: '新闻通稿', url: 'https://sft.example.gov.cn/tg/1.html' },
        { title: '政策解读', url: 'https://sft.example.gov.cn/jd/1.html' },
      ],
    });
    expect((await t.app.services.press.getEvent(stored!.id)).startsAt.toISOString()).toBe('2026-08-14T02:00:00.000Z');
    await page.screenshot({ path: '/tmp/board-press.png' });
    await page.context().close();
  });

  it('shows the API validation error next to the start field, in Chinese', async () => {
    const page = await openPressTab('admin');
    await page.click('#add-event');
    await page.fill('#event-title', '时间有误的发布会');
    // An empty time is caught in the browser.
    await page.click('#event-save');
    expect(await textOf(page, '#event-error-start')).toBe('必填');

    // A five-digit year passes the date-time field but not the API, which wants an ISO-8601 time with its offset.
    await page.fill('#event-start', '20260-08-14T10:00');
    await page.click('#event-save');
    await expect.poll(() => textOf(page, '#event-form-error')).toBe('填写内容有误，请检查标出的项目');
    await page.screenshot({ path: '/tmp/board-press-error.png' });
    expect(await textOf(page, '#event-error-start')).toBe('请填写有效的日期和时间（北京时间）');
    expect(await page.locator('#event-error-start').isVisible()).toBe(true);
    expect(await page.locator('#event-start').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#event-title').getAttribute('aria-invalid')).toBe('false');
    expect(await page.locator('#event-dialog').isVisible()).toBe(true);

    // Fixed, it saves.
    await page.fill('#event-start', '2026-09-10T15:30');
    await page.click('#event-save');
    await page.locator('#event-dialog').waitFor({ state: 'hidden' });
    await page.locator('#event-list li.press-event', { hasText: '时间有误的发布会' }).waitFor();
    expect((await t.app.services.press.listEvents()).find((e) => e.title === '时间有误的发布会')?.startsAt.toISOString()).toBe('2026-09-10T07:30:00.000Z');
    await page.context().close();
  });

  it('shows a leader the quota panel and events without any control to change them', async () => {
    await journeySoFar();
    const page = await openPressTab('leader');
    expect(await page.locator('#tab-press').isVisible()).toBe(true);
    await page.locator('#event-list li.press-event').first().waitFor();
    expect(await rule(page, 'own-quarterly').getAttribute('data-state')).toBe('met');
    expect(await page.locator('#add-event').isHidden()).toBe(true);
    expect(await page.locator('#event-list button').count()).toBe(0);
    expect(await page.locator('#people-list button').count()).toBe(0);
    expect(await page.locator('#person-form').isHidden()).toBe(true);
    expect(await page.locator('#people-list li.person').count()).toBe(1);

    // In English the panel redraws with English labels; the rule names are the office's own text.
    await page.click('#lang-switch');
    expect(await textOf(page, '#tab-press')).toBe('Press');
    const quarterly = rule(page, 'own-quarterly');
    expect(await quarterly.locator('.quota-state').textContent()).toBe('Met');
    expect(await quarterly.locator('.quota-period').textContent()).toBe('2026Q3');
    expect(await quarterly.locator('.quota-days').textContent()).toBe('42 days to period end');
    expect(await page.locator('#event-list .event-kind').first().textContent()).toBe('Press conference');
    await page.click('#lang-switch');
    expect(await quarterly.locator('.quota-state').textContent()).toBe('已完成');
    await page.context().close();
  });

  it('renders a title with markup as text, live, and shows pushed quota reminders', async () => {
    await journeySoFar();
    const page = await openPressTab('staff');
    let dialogs = 0;
    let acceptDialogs = false;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void (acceptDialogs ? dialog.accept() : dialog.dismiss());
    });
    const evil = '<img src=x onerror=alert(1)>';
    // Recorded elsewhere (the API, an import): it reaches the open tab over the socket.
    await t.app.services.press.saveEvent({
      kind: 'briefing',
      title: `吹风会 ${evil}`,
      start: new Date('2026-09-15T10:00:00+08:00'),
      status: 'planned',
      organiser: evil,
      location: '',
      topics: [],
      keywords: [],
      materials: [],
      notes: '',
      coverageDays: 7,
      speakers: [{ name: evil, role: 'other' }],
    });
    const event = page.locator('#event-list li.press-event', { hasText: `吹风会 ${evil}` });
    await event.waitFor({ timeout: 5000 });
    expect(await event.locator('.event-title').textContent()).toBe(`吹风会 ${evil}`);
    expect(await event.locator('.event-kind').textContent()).toBe('吹风会');
    const planned = rule(page, 'own-quarterly').locator('.quota-event.is-planned', { hasText: '吹风会' });
    await expect.poll(() => planned.locator('.quota-event-title').textContent()).toBe(`吹风会 ${evil}`);
    expect(await page.locator('img').count()).toBe(0);

    // The daily check's reminders arrive over the socket, highlighted and counted on the tab.
    t.app.events.publish('quota.reminders', {
      reminders: [{ ruleId: 'leader-half-yearly', period: '2026H2', state: 'at-risk', daysLeft: 40, message: `2026H2「厅领导每半年至少出席1次省政府新闻办新闻发布会」有风险：距期末40天 ${evil}` }],
    });
    const reminder = page.locator('#quota-reminders li.reminder[data-rule-id="leader-half-yearly"]');
    await reminder.waitFor({ timeout: 5000 });
    expect(await reminder.getAttribute('data-state')).toBe('at-risk');
    expect(await reminder.getAttribute('class')).toContain('is-new');
    expect(await reminder.locator('.quota-state').textContent()).toBe('有风险');
    expect(await reminder.locator('.reminder-message').textContent()).toContain(evil);
    expect(await page.locator('#tab-press').getAttribute('data-reminders')).toBe('1');
    await page.screenshot({ path: '/tmp/board-press-reminders.png' });

    // People added elsewhere (huiying people import, another board) join the list, as text.
    await t.app.services.press.importPeople([{ name: `新发言人 ${evil}`, role: 'spokesperson', title: evil, active: true }]);
    const person = page.locator('#people-list li.person', { hasText: '新发言人' });
    await person.waitFor({ timeout: 5000 });
    expect(await person.locator('.person-name').textContent()).toBe(`新发言人 ${evil}`);
    expect(await page.locator('img').count()).toBe(0);

    // Deleting asks first; the event leaves the list and the quota.
    await event.locator('[data-action="delete"]').click();
    expect(dialogs).toBe(1);
    expect(await event.count()).toBe(1);
    acceptDialogs = true;
    await event.locator('[data-action="delete"]').click();
    await event.waitFor({ state: 'detached' });
    await expect.poll(() => planned.count()).toBe(0);
    expect(await rule(page, 'own-quarterly').locator('.quota-event.is-planned').count()).toBe(1);
    expect(await page.locator('img').count()).toBe(0);
    await page.context().close();
  });

  it('gives a leader a calendar subscription address that works without signing in, once shown, until stopped', async () => {
    await journeySoFar();
    const page = await openPressTab('leader');
    page.on('dialog', (dialog) => void dialog.accept());
    await page.click('#press-subscribe');
    const status = page.locator('#subscription-status');
    await expect.poll(() => status.textContent()).toBe('还没有订阅地址。');
    expect(await page.locator('#subscription-revoke').isHidden()).toBe(true);

    await page.click('#subscription-issue');
    const input = page.locator('#subscription-url');
    await input.waitFor();
    const url = await input.inputValue();
    expect(url).toMatch(new RegExp(`^${t.baseUrl}/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
    expect(await status.textContent()).toMatch(/^订阅地址生成于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}；日历最近一次读取：尚未读取。$/);
    expect(await textOf(page, '#subscription-issue')).toBe('重新生成');

    // A calendar app: no cookie, the address alone.
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect((await feed.text()).replace(/\r\n[ \t]/g, '')).toContain('SUMMARY:【新闻发布会】全省公共法律服务体系建设新闻发布会');

    // Closed and opened again, the address is gone from the page (only its hash is on the server),
    // and the status says the calendar read it.
    await page.click('#subscription-close');
    await page.click('#press-subscribe');
    await expect.poll(() => status.textContent()).not.toContain('尚未读取');
    expect(await page.locator('#subscription-new').isHidden()).toBe(true);

    await page.click('#subscription-revoke');
    await expect.poll(() => status.textContent()).toBe('订阅已停用。');
    expect((await fetch(url)).status).toBe(404);
    expect(await page.locator('#subscription-revoke').isHidden()).toBe(true);
    await page.context().close();
  });

  it('produced no page errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { startHttpServer, type TestServer } from './helpers/http-server.ts';

/**
 * The policy register from the department's own site: an html source over its 政策文件 and
 * 政策解读 list (served on loopback) is collected, then registered; each document shows whether it
 * was interpreted on its release day.
 */
let t: TestApp;
let site: TestServer;
let cookie: string;
let leader: string;

const items = [
  ['/zcwj/1.html', '关于印发《江西省法律援助条例实施办法》的通知', '2026-11-02 09:00'],
  ['/zcjd/1.html', '《江西省法律援助条例实施办法》政策解读', '2026-11-02 10:00'],
  ['/zcwj/2.html', '关于进一步加强社区矫正工作的意见（赣司发〔2026〕15号）', '2026-11-10 09:00'],
  ['/zcjd/2.html', '一图读懂：赣司发〔2026〕15号', '2026-11-13 16:00'],
  ['/zcwj/3.html', '江西省公证服务收费管理办法（赣司发〔2026〕18号）', '2026-11-20 09:00'],
  ['/zcjd/9.html', '律师行业发展规划答记者问', '2026-11-21 09:00'],
  ['/xw/1.html', '省司法厅召开党组会议', '2026-11-22 09:00'],
];

beforeAll(async () => {
  t = await startTestApp();
  site = await startHttpServer((req, res) => {
    if (req.url === '/list.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<html><body><ul class="list">${items.map(([href, title, date]) => `<li><a href="${href}">${title}</a><span>${date}</span></li>`).join('')}</ul></body></html>`);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body><div class="content">正文</div></body></html>');
    }
  });
  cookie = await t.login('staff');
  leader = await t.login('leader');
});
afterAll(async () => {
  await site?.close();
  await t?.close();
});

const api = async (method: string, path: string, body?: unknown, who = cookie) => {
  const res = await fetch(`${t.baseUrl}${path}`, { method, headers: { cookie: who, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
};

describe('policy documents and their interpretations', () => {
  it('registers documents and interpretations collected from the department’s site, and flags those not interpreted the same day', async () => {
    const source = await t.addSource({ kind: 'html', url: `${site.url}/list.html`, name: '厅门户网站', config: { selectors: { item: 'ul.list li', title: 'a', link: 'a', linkAttr: 'href', date: 'span' } } });
    expect(await t.collect(source.id)).toMatchObject({ outcome: 'ok', itemsNew: items.length });
    expect((await api('POST', '/api/press/policy/sync', { sourceId: source.id }, leader)).status).toBe(403);
    const sync = await api('POST', '/api/press/policy/sync', { sourceId: source.id });
    expect(sync.body).toEqual({ documents: 3, interpretations: 2, unmatched: ['律师行业发展规划答记者问'] });
    // Running it again adds nothing.
    await api('POST', '/api/press/policy/sync', { sourceId: source.id });

    const { body } = await api('GET', '/api/press/policy?from=2026-11-01&to=2026-11-30', undefined, leader);
    const byNumberOrTitle = Object.fromEntries(body.documents.map((d: { number: string; title: string; sync: string; daysLate: number | null; interpretations: { kind: string }[] }) => [d.number || d.title, [d.sync, d.daysLate, d.interpretations.map((i) => i.kind)]]));
    expect(byNumberOrTitle).toEqual({
      '关于印发《江西省法律援助条例实施办法》的通知': ['in-sync', 0, ['text']],
      '赣司发〔2026〕15号': ['late', 3, ['graphic']],
      '赣司发〔2026〕18号': ['missing', null, []],
    });
  });

  it('records documents and interpretations by hand, with clear errors', async () => {
    const created = await api('POST', '/api/press/policy', { title: '江西省人民调解工作规定', number: '赣司发〔2026〕20号', releasedOn: '2026-11-25', url: 'https://sft.example.gov.cn/1.html' });
    expect(created.status).toBe(201);
    expect(created.body.document).toMatchObject({ sync: 'missing', syncLabel: '未解读' });
    const interpreted = await api('POST', `/api/press/policy/${created.body.document.id}/interpretations`, { kind: 'qa', title: '人民调解工作规定答记者问', publishedOn: '2026-11-25' });
    expect(interpreted.body.document).toMatchObject({ sync: 'in-sync', interpretations: [{ kind: 'qa' }] });
    const bad = await api('POST', '/api/press/policy', { title: '', releasedOn: '2026-13-01', url: 'javascript:x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['releasedOn', 'title', 'url']);
    expect((await api('POST', '/api/press/policy/999999/interpretations', { title: 'x', publishedOn: '2026-11-25' })).status).toBe(404);
    expect((await api('DELETE', `/api/press/policy/${created.body.document.id}`)).status).toBe(204);
  });
});

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQuotaRules } from '../src/press/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

/** GET /api/reports: the report as a download in each format, for the roles that may read it. */
let t: TestApp;
let staff: string;
let leader: string;
let duty: string;
beforeAll(async () => {
  t = await startTestApp();
  [staff, leader, duty] = [await t.login('staff'), await t.login('leader'), await t.login('duty')];
  await t.app.services.press.seedQuotaRules(loadQuotaRules());
  await t.app.services.press.saveEvent({
    kind: 'own-conference',
    title: '全省法律援助工作新闻发布会',
    start: new Date('2026-11-20T10:00:00+08:00'),
    status: 'held',
    organiser: '',
    location: '',
    topics: [],
    keywords: ['法律援助'],
    materials: [],
    notes: '',
    coverageDays: 7,
    speakers: [{ name: '李明', role: 'head' }],
  });
});
afterAll(async () => t?.close());

const get = (path: string, cookie = staff) => fetch(`${t.baseUrl}${path}`, { headers: { cookie } });

describe('/api/reports', () => {
  it('downloads the HTML report with a UTF-8 file name', async () => {
    const res = await get('/api/reports?period=2026Q4&format=html', leader);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="huiying-report-2026Q4.html"; filename*=UTF-8''${encodeURIComponent('回应工作报告-2026年第四季度.html')}`);
    const html = await res.text();
    expect(html).toContain('回应舆情与新闻发布工作报告（2026年第四季度）');
    expect(html).toContain('全省法律援助工作新闻发布会');
  });

  it('downloads XLSX and CSV; a year works too', async () => {
    const xlsx = await get('/api/reports?period=2026&format=xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toContain('filename="huiying-report-2026.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const quota = book.getWorksheet('指标完成情况')!;
    const own = quota.getRows(2, quota.rowCount - 1)!.find((r) => r.getCell(1).value === 'own-quarterly' && r.getCell(3).value === '2026Q4')!;
    expect(own.getCell(6).value).toBe(1);

    const csv = await get('/api/reports?period=2026Q4&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('answers 400 for a bad period or format', async () => {
    for (const q of ['period=2026Q5', 'period=26Q4', 'period=2026Q4&format=docx', '']) {
      const res = await get(`/api/reports?${q}`);
      expect(res.status, q).toBe(400);
      expect((await res.json()).error.code).toBe('validation_failed');
    }
  });

  it('is forbidden to the duty officer', async () => {
    const res = await get('/api/reports?period=2026Q4&format=html', duty);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
  });
});

describe('/api/reports as PDF', () => {
  it('says clearly when PDF is not available on this server, and that the other formats are', async () => {
    const noChromium = await startTestApp({ env: { HUIYING_CHROMIUM: '/nonexistent/chromium' } });
    try {
      const cookie = await noChromium.login('staff');
      const res = await fetch(`${noChromium.baseUrl}/api/reports?period=2026Q4&format=pdf`, { headers: { cookie } });
      expect(res.status).toBe(503);
      const { error } = await res.json();
      expect(error.code).toBe('unavailable');
      expect(error.message).toContain('PDF 不可用');
      expect(error.details).toEqual({ format: 'pdf', available: ['html', 'xlsx', 'csv'] });
    } finally {
      await noChromium.close();
    }
  });

  it.skipIf(process.env.HUIYING_SKIP_BROWSER === '1')('prints the report to PDF with the machine’s Chromium', async () => {
    const res = await get('/api/reports?period=2026Q4&format=pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(body.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
  }, 60_000);
});

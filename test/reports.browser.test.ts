import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeCoverage } from '../src/press/coverage.ts';
import { daysBetween, PdfUnavailableError, renderReportHtml, renderReportPdf, type ReportModel } from '../src/reports/index.ts';
import { chromiumPath, launchChromium, skipBrowser } from './helpers/browser.ts';

/**
 * The HTML report in a real Chromium: the Chinese text is there and is drawn with a CJK font (not
 * missing-glyph boxes), scraped text stays text, and printing it gives a PDF with pages.
 */


const hostile = '<script>document.title="pwned"</script><img src=x onerror=alert(1)>';

/** A small report with an untrusted title in every place one can appear. */
function sampleModel(): ReportModel {
  const days = daysBetween('2026-10-01', '2026-12-31');
  const ref = { id: 1, title: `全省法律援助工作新闻发布会${hostile}`, start: '2026-11-20T02:00:00.000Z', time: '2026-11-20 10:00' };
  return {
    title: '回应舆情与新闻发布工作报告（2026年第四季度）',
    period: { name: '2026Q4', label: '2026年第四季度', kind: 'quarter', start: '2026-09-30T16:00:00.000Z', end: '2026-12-31T16:00:00.000Z', firstDay: '2026-10-01', lastDay: '2026-12-31' },
    asOf: '2026-12-31T16:00:00.000Z',
    generatedAt: '2027-01-05T02:00:00.000Z',
    complete: true,
    quota: [
      { ruleId: 'own-quarterly', ruleName: '本部门每季度至少举行1次新闻发布会', periodName: '2026Q4', periodLabel: '2026年第四季度', periodKind: 'quarter', required: 1, counted: 1, state: 'met', stateLabel: '已完成', daysLeft: 0, countedEvents: [ref], plannedEvents: [], unconfirmedEvents: [] },
      { ruleId: 'leader-yearly', ruleName: '厅领导每年至少出席2次省政府新闻办新闻发布会', periodName: '2026', periodLabel: '2026年', periodKind: 'year', required: 2, counted: 1, state: 'missed', stateLabel: '未完成', daysLeft: 0, countedEvents: [], plannedEvents: [], unconfirmedEvents: [] },
    ],
    conferences: [
      {
        ...ref,
        kind: 'own-conference',
        kindLabel: '新闻发布会',
        speakers: [{ name: '李明', role: 'head', roleLabel: '主要负责同志' }],
        coverage: {
          windowFrom: '2026-11-20T02:00:00.000Z',
          windowTo: '2026-11-27T02:00:00.000Z',
          open: false,
          summary: summarizeCoverage([
            { id: 9, title: hostile, sourceName: `赣鄱论坛${hostile}`, url: null, publishedAt: '2026-11-22T12:00:00.000Z', storyId: 9, repostCount: 0, text: '', original: `网友追问：法律援助申请为什么要跑这么多趟？${hostile}`, verdict: { flagged: true, level: 'yellow', sentiment: 'negative' }, sentimentScore: 0.9 },
          ]),
        },
      },
    ],
    appearances: [{ ...ref, kind: 'own-conference', kindLabel: '新闻发布会', status: 'held', leaders: [{ name: '李明', role: 'head', roleLabel: '主要负责同志' }] }],
    policy: {
      documents: [{ id: 1, title: `关于进一步加强法律援助工作的意见${hostile}`, number: '赣司发〔2026〕30号', draftingDepartment: '公共法律服务管理处', releasedOn: '2026-10-09', sync: 'late', syncLabel: '解读滞后', daysLate: 3, interpretations: 1, firstInterpretedOn: '2026-10-12' }],
      counts: { 'in-sync': 0, late: 1, missing: 0 },
    },
    mentions: {
      total: days.length * 120,
      flagged: 40,
      daily: days.map((day, i) => ({ day, total: 100 + ((i * 37) % 41), negative: 10 + (i % 7), flagged: i % 3 })),
      sentiment: { negative: 900, neutral: 8000, positive: 2000, unclassified: 140 },
      levels: { blue: 20, yellow: 12, orange: 6, red: 2 },
      topics: [{ key: 'legal-aid', name: `法律援助${hostile}`, count: 321 }],
    },
    cases: { available: false, note: '案件统计将在案件功能上线后提供' },
  };
}

describe.skipIf(skipBrowser)('the HTML report in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const html = renderReportHtml(sampleModel());
  const dialogs: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 900, height: 1200 } });
    page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
  });
  afterAll(async () => browser?.close());

  it('shows the Chinese text of every section, and scraped text as text', async () => {
    const text = await page.locator('body').innerText();
    for (const s of ['回应舆情与新闻发布工作报告（2026年第四季度）', '新闻发布指标完成情况', '本部门每季度至少举行1次新闻发布会', '领导出席新闻发布活动情况', '李明（主要负责同志）', '解读滞后', '舆情信息统计', '案件统计将在案件功能上线后提供', '法律援助申请为什么要跑这么多趟？']) {
      expect(text, s).toContain(s);
    }
    expect(text).toContain(hostile);
    expect(await page.locator('script, img').count()).toBe(0);
    expect(await page.title()).toBe('回应舆情与新闻发布工作报告（2026年第四季度）');
    expect(dialogs).toEqual([]);
    expect(await page.locator('svg.chart').count()).toBe(3);
  });

  it('draws the Chinese with a CJK font: real glyphs, not missing-glyph boxes', async () => {
    // The font Chromium actually used for the heading's glyphs.
    const cdp = await page.context().newCDPSession(page);
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'h1' });
    await cdp.send('CSS.enable');
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const cjk = fonts.filter((f) => /CJK|Source Han|WenQuanYi|YaHei/i.test(f.familyName));
    expect(cjk.length, `fonts used: ${JSON.stringify(fonts)} — install fonts-noto-cjk`).toBeGreaterThan(0);
    expect(cjk.reduce((n, f) => n + f.glyphCount, 0)).toBeGreaterThanOrEqual(15);

    const box = await page.locator('h1').boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(10);
    // Two different characters must look different, and unlike empty space: missing glyphs are
    // drawn as identical boxes.
    await page.evaluate(() => {
      for (const [id, ch] of [['g1', '司'], ['g2', '法'], ['g0', '\u3000']]) {
        const span = document.createElement('span');
        span.id = id!;
        span.textContent = ch!;
        span.style.cssText = 'display:inline-block;width:60px;height:60px;font-size:48px;line-height:60px;background:#fff;color:#000';
        document.body.prepend(span);
      }
    });
    const a = await page.locator('#g1').screenshot();
    const b = await page.locator('#g2').screenshot();
    const blank = await page.locator('#g0').screenshot();
    expect(a.equals(b)).toBe(false);
    expect(a.equals(blank)).toBe(false);
    const whole = await page.screenshot({ fullPage: true });
    expect(whole.length).toBeGreaterThan(20_000);
  });

  it('prints to a PDF with pages', async () => {
    const pdf = await renderReportPdf(html, { chromiumPath });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);
  });
});

describe('PDF without a Chromium', () => {
  it('says, in Chinese and English, that PDF is unavailable and the other formats are', async () => {
    const err = await renderReportPdf('<p>x</p>', { chromiumPath: '/nonexistent/chromium' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfUnavailableError);
    expect((err as Error).message).toMatch(/PDF 不可用.*HTML、XLSX、CSV/);
    expect((err as Error).message).toMatch(/PDF is not available.*HTML, XLSX and CSV are/);
  });
});

// 报告: the quarterly, half-yearly and yearly report as downloads (HTML, XLSX, CSV, PDF), for the
// roles that read reports (not duty officers), and the 订阅日程 iCalendar file for everyone on the
// tab. The links are plain downloads; PDF is fetched first because it needs a Chromium on the
// server, and its 503 says so in words instead of leaving the browser on a JSON error.
import { t, translateErrorCode } from '../static/i18n.js';
import { ApiError, goToLogin } from './api.js';
import { byId, h } from './dom.js';

/** @typedef {{ name: string, kind: 'quarter' | 'half' | 'year', year: number, n: number }} ReportPeriod */

const formats = /** @type {const} */ (['html', 'xlsx', 'csv', 'pdf']);

/**
 * The periods offered, newest first: this quarter and the three before, this half year and the
 * one before, this year and the one before — in Beijing time, from the server's clock.
 * @param {Date} now
 * @returns {ReportPeriod[]}
 */
export function reportPeriods(now) {
  const [year = 0, month = 1] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(now)
    .split('-')
    .map(Number);
  /** @type {ReportPeriod[]} */
  const periods = [];
  let q = Math.ceil(month / 3);
  let qy = year;
  for (let i = 0; i < 4; i += 1) {
    periods.push({ name: `${qy}Q${q}`, kind: 'quarter', year: qy, n: q });
    q -= 1;
    if (q === 0) [q, qy] = [4, qy - 1];
  }
  let half = month <= 6 ? 1 : 2;
  let hy = year;
  for (let i = 0; i < 2; i += 1) {
    periods.push({ name: `${hy}H${half}`, kind: 'half', year: hy, n: half });
    if (half === 1) [half, hy] = [2, hy - 1];
    else half = 1;
  }
  periods.push({ name: String(year), kind: 'year', year, n: 0 }, { name: String(year - 1), kind: 'year', year: year - 1, n: 0 });
  return periods;
}

/** @param {ReportPeriod} p */
function periodLabel(p) {
  return t(p.kind === 'year' ? 'reports.period.year' : `reports.period.${p.kind}${p.n}`, { year: p.year });
}

/**
 * @param {string} period
 * @param {string} format
 */
export const reportUrl = (period, format) => `/api/reports?period=${encodeURIComponent(period)}&format=${format}`;

export class ReportsSection {
  /** @param {{ canReadReports: boolean }} permissions */
  constructor(permissions) {
    this.section = byId('reports-section', HTMLElement);
    this.select = byId('report-period', HTMLSelectElement);
    this.links = byId('report-links', HTMLElement);
    this.message = byId('report-message', HTMLElement);
    this.section.hidden = !permissions.canReadReports;
    this.enabled = permissions.canReadReports;
    /** @type {ReportPeriod[]} */
    this.periods = reportPeriods(new Date());
    this.select.addEventListener('change', () => {
      this.say('');
      this.renderLinks();
    });
  }

  /**
   * Offers the periods around `now` (the server's clock).
   * @param {Date} now
   */
  setNow(now) {
    const chosen = this.select.value;
    this.periods = reportPeriods(now);
    this.render();
    if (this.periods.some((p) => p.name === chosen)) {
      this.select.value = chosen;
      this.renderLinks();
    }
  }

  render() {
    if (!this.enabled) return;
    const chosen = this.select.value;
    this.select.replaceChildren(
      ...this.periods.map((p) => {
        const o = h('option', '', periodLabel(p));
        o.value = p.name;
        return o;
      }),
    );
    if (this.periods.some((p) => p.name === chosen)) this.select.value = chosen;
    this.renderLinks();
  }

  renderLinks() {
    const period = this.select.value || this.periods[0]?.name || '';
    this.links.replaceChildren(
      ...formats.map((format) => {
        const a = h('a', 'btn btn-small report-link', t(`reports.format.${format}`));
        a.setAttribute('href', reportUrl(period, format));
        a.setAttribute('download', '');
        a.dataset['format'] = format;
        if (format === 'pdf') a.addEventListener('click', (event) => {
          event.preventDefault();
          void this.downloadPdf(period);
        });
        return a;
      }),
    );
  }

  /**
   * Fetches the PDF and saves it; a 503 (no Chromium on the server) is explained, not followed.
   * @param {string} period
   */
  async downloadPdf(period) {
    this.say(t('reports.pdfPreparing'));
    try {
      const res = await fetch(reportUrl(period, 'pdf'), { credentials: 'same-origin' });
      if (res.status === 401) return goToLogin();
      if (!res.ok) {
        /** @type {any} */
        const json = await res.json().catch(() => null);
        throw new ApiError(res.status, String(json?.error?.code ?? 'internal'), String(json?.error?.message ?? res.statusText), json?.error?.details ?? null);
      }
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = h('a', '', '');
      a.setAttribute('href', url);
      a.setAttribute('download', filenameOf(res) ?? `huiying-report-${period}.pdf`);
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this.say('');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'unavailable') this.say(t('reports.pdfUnavailable'), false);
      else this.say(t('reports.failed', { reason: err instanceof ApiError ? translateErrorCode(err.code) : t('error.unknown') }), false);
    }
  }

  /**
   * @param {string} text
   * @param {boolean} [ok]
   */
  say(text, ok = true) {
    this.message.textContent = text;
    this.message.classList.toggle('is-error', !ok);
    this.message.hidden = text === '';
  }
}

/**
 * The file name from a Content-Disposition header (RFC 6266 filename* first), or null.
 * @param {Response} res
 */
function filenameOf(res) {
  const header = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // Fall through to the plain name.
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? null;
}

import fs from 'node:fs';

/**
 * The report as PDF: the HTML printed by a headless Chromium (playwright-core drives the system's
 * browser; nothing is downloaded). Without a Chromium, PDF is unavailable and the error says so
 * in Chinese and English; HTML, XLSX and CSV need no browser.
 */

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Quiet, offline Chromium: no sandbox (runs as a service user or root), no GPU, no phoning home. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** PDF cannot be made on this machine. */
export class PdfUnavailableError extends Error {
  readonly code = 'pdf_unavailable';
  constructor(readonly chromiumPath: string, reason?: string) {
    super(
      `PDF 不可用：未找到 Chromium 浏览器（${chromiumPath}），请安装 chromium 或设置 HUIYING_CHROMIUM；HTML、XLSX、CSV 格式仍可使用。` +
        ` PDF is not available: no Chromium at ${chromiumPath} (install chromium or set HUIYING_CHROMIUM); HTML, XLSX and CSV are.` +
        (reason ? ` (${reason})` : ''),
    );
    this.name = 'PdfUnavailableError';
  }
}

/** Whether a Chromium is present at the path. */
export function chromiumAvailable(chromiumPath: string): boolean {
  try {
    fs.accessSync(chromiumPath, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Prints report HTML to an A4 PDF in Chromium; throws PdfUnavailableError when there is no browser. */
export async function renderReportPdf(html: string, options: { chromiumPath: string; timeoutMs?: number }): Promise<Buffer> {
  if (!chromiumAvailable(options.chromiumPath)) throw new PdfUnavailableError(options.chromiumPath);
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (err) {
    throw new PdfUnavailableError(options.chromiumPath, `playwright-core: ${(err as Error).message}`);
  }
  const browser = await chromium.launch({ executablePath: options.chromiumPath, args: CHROMIUM_ARGS, timeout: options.timeoutMs ?? 30_000 });
  try {
    // The report is self-contained: no scripts run and no request leaves the page.
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load', timeout: options.timeoutMs ?? 30_000 });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}

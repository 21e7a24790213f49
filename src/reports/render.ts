import { renderReportCsv } from './csv.ts';
import { renderReportHtml } from './html.ts';
import { renderReportPdf } from './pdf.ts';
import { reportDisplayFileName, reportFileName, type ReportFormat, type ReportModel } from './report.ts';
import { renderReportXlsx } from './xlsx.ts';

/** A rendered report, ready to write to a file or send as a download. */
export interface RenderedReport {
  body: Buffer;
  contentType: string;
  /** huiying-report-2026Q4.pdf */
  fileName: string;
  /** 回应工作报告-2026年第四季度.pdf */
  displayFileName: string;
}

const contentTypes: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

/** Renders a report model in one of the formats; PDF needs a Chromium (PdfUnavailableError otherwise). */
export async function renderReport(model: ReportModel, format: ReportFormat, options: { chromiumPath: string }): Promise<RenderedReport> {
  let body: Buffer;
  switch (format) {
    case 'html':
      body = Buffer.from(renderReportHtml(model), 'utf8');
      break;
    case 'xlsx':
      body = await renderReportXlsx(model);
      break;
    case 'csv':
      body = Buffer.from(renderReportCsv(model), 'utf8');
      break;
    case 'pdf':
      body = await renderReportPdf(renderReportHtml(model), options);
      break;
  }
  return { body, contentType: contentTypes[format], fileName: reportFileName(model.period.name, format), displayFileName: reportDisplayFileName(model.period.label, format) };
}

/** A Content-Disposition header for a download, with an ASCII name and the Chinese one (RFC 6266 / 5987). */
export function attachmentHeader(report: Pick<RenderedReport, 'fileName' | 'displayFileName'>): string {
  return `attachment; filename="${report.fileName}"; filename*=UTF-8''${encodeURIComponent(report.displayFileName)}`;
}

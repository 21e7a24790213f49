/**
 * Reports (工作报告): the quarterly or yearly report — quota status, conferences and their coverage,
 * leadership appearances, policy interpretation, mention statistics — as data, and its renderers
 * (HTML for A4 print, XLSX, CSV, PDF through Chromium).
 */
export * from './report.ts';
export { ReportStore, type MentionGroup } from './report.store.ts';
export { ReportService, parseReportPeriod } from './report.service.ts';
export { renderReportHtml, REPORT_FONT_STACK } from './html.ts';
export { renderReportXlsx, reportSheetNames } from './xlsx.ts';
export { renderReportCsv, reportCsvSections } from './csv.ts';
export { renderReportPdf, PdfUnavailableError, chromiumAvailable, CHROMIUM_ARGS, DEFAULT_CHROMIUM } from './pdf.ts';
export { renderReport, attachmentHeader, type RenderedReport } from './render.ts';
export { reportsRoutes } from './reports.routes.ts';

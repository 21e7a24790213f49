import { z } from 'zod';
import { AppError } from '../shared/errors.ts';
import { SecureRouter } from '../http/secure-router.ts';
import { parseInput } from '../http/validate.ts';
import { PdfUnavailableError } from './pdf.ts';
import { attachmentHeader, renderReport } from './render.ts';
import { reportFormats } from './report.ts';
import type { ReportService } from './report.service.ts';

const reportQuery = z.object({
  period: z.string().regex(/^\d{4}([Qq][1-4]|[Hh][12])?$/, 'a quarter, half year or year: 2026Q4, 2026H2, 2026'),
  format: z.enum(reportFormats).default('html'),
});

/** /api/reports?period=2026Q4&format=html|xlsx|csv|pdf — the quarterly or yearly report as a download. */
export function reportsRoutes(service: ReportService, options: { chromiumPath: string }): SecureRouter {
  const r = new SecureRouter('/api/reports');
  r.get('/', 'reports.read', async (req, res) => {
    const { period, format } = parseInput(reportQuery, req.query);
    const model = await service.build(period);
    try {
      const report = await renderReport(model, format, options);
      res.set('content-type', report.contentType);
      res.set('content-disposition', attachmentHeader(report));
      res.set('cache-control', 'no-store');
      res.send(report.body);
    } catch (err) {
      // A 503: the other formats still work on this server.
      if (err instanceof PdfUnavailableError) throw new AppError('unavailable', err.message, { format: 'pdf', available: ['html', 'xlsx', 'csv'] });
      throw err;
    }
  });
  return r;
}

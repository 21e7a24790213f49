import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { loadQuotaRules } from '../press/index.ts';
import { PdfUnavailableError, renderReport, reportFormats, type ReportFormat } from '../reports/index.ts';
import { CliError, withApp } from './context.ts';

/** `huiying report`: the quarterly or yearly report as HTML, XLSX, CSV or PDF. */
export function addReportCommands(program: Command): void {
  program
    .command('report')
    .description('the quarterly or yearly report (工作报告): quota status, conferences and coverage, leadership appearances, policy interpretation, mention statistics')
    .option('--quarter <period>', 'a quarter, e.g. 2026Q4')
    .option('--year <year>', 'a year, e.g. 2026')
    .addOption(new Option('--format <format>', 'output format').choices([...reportFormats]).default('html'))
    .option('--out <file>', 'where to write it (default: huiying-report-<period>.<format> in this folder)')
    .action(async (opts: { quarter?: string; year?: string; format: ReportFormat; out?: string }) => {
      if (!!opts.quarter === !!opts.year) throw new CliError('give one of --quarter 2026Q4 or --year 2026');
      if (opts.quarter && !/^\d{4}Q[1-4]$/i.test(opts.quarter)) throw new CliError('--quarter must look like 2026Q4');
      if (opts.year && !/^\d{4}$/.test(opts.year)) throw new CliError('--year must look like 2026');
      const period = (opts.quarter ?? opts.year)!.toUpperCase();
      await withApp(async (app) => {
        await app.services.press.seedQuotaRules(loadQuotaRules());
        const started = Date.now();
        process.stderr.write(`building the report for ${period} …\n`);
        const model = await app.services.reports.build(period);
        process.stderr.write(
          `  ${model.quota.length} quota rows, ${model.conferences.length} conferences, ${model.appearances.length} leadership appearances, ` +
            `${model.policy.documents.length} policy documents, ${model.mentions.total} mentions (${Date.now() - started} ms)\n`,
        );
        process.stderr.write(`rendering ${opts.format} …\n`);
        let report;
        try {
          report = await renderReport(model, opts.format, { chromiumPath: app.config.chromiumPath });
        } catch (err) {
          if (err instanceof PdfUnavailableError) throw new CliError(err.message);
          throw err;
        }
        const out = opts.out ?? report.fileName;
        fs.writeFileSync(out, report.body);
        process.stderr.write(`wrote ${out} (${report.body.length} bytes, ${Date.now() - started} ms)\n`);
      });
    });
}

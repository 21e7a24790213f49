import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { loadQuotaRules, personInputSchema, pressEventInputSchema, quotaRuleSetSchema } from '../press/index.ts';
import { CliError, readJsonl, withApp } from './context.ts';

/** An ISO-8601 instant with its offset, for --at. */
function parseInstant(value: string): Date {
  const d = new Date(value);
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(value) || Number.isNaN(d.getTime())) throw new InvalidArgumentError('must be an ISO-8601 time with its offset, e.g. 2026-12-31T23:30:00+08:00');
  return d;
}

/** `huiying events …`, `huiying people …`: press events and the people who speak at them. */
export function addPressCommands(program: Command): void {
  const events = program.command('events').description('press events (新闻发布会, 吹风会, 访谈 …)');
  events
    .command('ics')
    .description("write the schedule (90 days back to a year ahead) as iCalendar for the leaders' calendars")
    .option('--out <file>', 'file to write (default: standard output)')
    .action(async (opts: { out?: string }) => {
      await withApp(async (app) => {
        const text = await app.services.press.calendar('huiying');
        if (opts.out) fs.writeFileSync(opts.out, text);
        else process.stdout.write(text);
      });
    });
  events
    .command('import')
    .description('import JSONL events {"kind","start","status","title","speakers":[{"name","role"}]}; an "id" seen before updates that event')
    .requiredOption('--in <file>', 'JSONL events')
    .action(async (opts: { in: string }) => {
      const inputs = readJsonl(opts.in, pressEventInputSchema);
      await withApp(async (app) => {
        const { created, updated } = await app.services.press.importEvents(inputs);
        console.log(`imported ${inputs.length} events: ${created} new, ${updated} updated`);
      });
    });

  program
    .command('people')
    .description('people who speak for the department (主要负责同志, 厅领导, 新闻发言人)')
    .command('import')
    .description('import JSONL people {"name","role":"head"|"leader"|"spokesperson"|"other","title"}; a known name is updated')
    .requiredOption('--in <file>', 'JSONL people')
    .action(async (opts: { in: string }) => {
      const inputs = readJsonl(opts.in, personInputSchema);
      await withApp(async (app) => {
        const { created, updated } = await app.services.press.importPeople(inputs);
        console.log(`imported ${inputs.length} people: ${created} new, ${updated} updated`);
      });
    });

  const quota = program.command('quota').description('press-conference quotas (新闻发布会频次要求)');
  quota
    .command('status')
    .description('every quota rule for the quarter, half year and year containing --at: required, counted, status, the events that count')
    .option('--at <time>', 'ISO-8601 time with offset (default: now)', parseInstant)
    .option('--json', 'JSON instead of a table')
    .action(async (opts: { at?: Date; json?: boolean }) => {
      await withApp(async (app) => {
        await app.services.press.seedQuotaRules(loadQuotaRules());
        const report = await app.services.press.quotaStatus(opts.at);
        if (opts.json) {
          console.log(JSON.stringify(report, null, 2));
          return;
        }
        console.log(`quota status at ${report.at}`);
        console.log(['rule'.padEnd(20), 'period'.padEnd(8), 'required', 'counted', 'status'.padEnd(9), 'days left', 'counted events', 'planned events'].join('  '));
        for (const s of report.statuses) {
          console.log(
            [s.ruleId.padEnd(20), s.period.name.padEnd(8), String(s.required).padStart(8), String(s.counted).padStart(7), s.state.padEnd(9), String(s.daysLeft).padStart(9), s.countedEvents.map((e) => e.id).join(',') || '-', s.plannedEvents.map((e) => e.id).join(',') || '-'].join('  '),
          );
        }
        for (const r of report.reminders) console.log(`! ${r.message}`);
      });
    });
  quota
    .command('rules')
    .description('print the quota rules, or replace them with a rule file (the format of data/press/quota-rules.json)')
    .option('--in <file>', 'a rule file to load instead of the current rules')
    .action(async (opts: { in?: string }) => {
      let replacement = null;
      if (opts.in) {
        let raw: unknown;
        try {
          raw = JSON.parse(fs.readFileSync(opts.in, 'utf8'));
        } catch (err) {
          throw new CliError(`${opts.in}: not a readable JSON file (${(err as Error).message})`);
        }
        const parsed = quotaRuleSetSchema.safeParse(raw);
        if (!parsed.success) throw new CliError(`${opts.in}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'rules'}: ${i.message}`).join('; ')}`);
        replacement = parsed.data.rules;
      }
      await withApp(async (app) => {
        await app.services.press.seedQuotaRules(loadQuotaRules());
        const rules = replacement ? await app.services.press.replaceQuotaRules(replacement) : await app.services.press.quotaRules();
        for (const r of rules) console.log(`${r.id.padEnd(20)} ${r.period.padEnd(7)} ≥${r.minimum}  ${r.enabled ? '' : '(disabled) '}${r.name}`);
      });
    });
}

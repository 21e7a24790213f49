import type { Command } from 'commander';
import { personInputSchema, pressEventInputSchema } from '../press/index.ts';
import { readJsonl, withApp } from './context.ts';

/** `huiying events …`, `huiying people …`: press events and the people who speak at them. */
export function addPressCommands(program: Command): void {
  program
    .command('events')
    .description('press events (新闻发布会, 吹风会, 访谈 …)')
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
}

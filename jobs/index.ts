import type { HuiyingApp } from '../src/app.ts';

/**
 * Huiying's background jobs, as data: a name, a schedule (node-cron, seconds first, read in the
 * configured time zone) and a few lines that call a service. Every job is safe to run twice; the
 * runner never lets one overlap itself and logs start, end, duration and the counts it returns.
 */
export interface Job {
  name: string;
  schedule: (app: HuiyingApp) => string;
  run: (app: HuiyingApp) => Promise<Record<string, number>>;
}

const DAY_MS = 24 * 3600 * 1000;

export const jobs: Job[] = [
  {
    // Sources carry their own cron schedules as next_check_at; this tick collects whichever are due,
    // so after downtime each overdue source is fetched once, not once per missed slot.
    name: 'collect-due-sources',
    schedule: (app) => app.config.collection.tick,
    run: async (app) => {
      const results = await app.collector.collectDue();
      const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
      return {
        sources: results.length,
        ok: count('ok'),
        notModified: count('not_modified'),
        failed: count('error'),
        skipped: count('skipped'),
        newMentions: results.reduce((n, r) => n + r.itemsNew, 0),
      };
    },
  },
  {
    // Also run right after each collection (boot.ts); this tick catches mentions stored by the CLI.
    name: 'classify-pending',
    schedule: () => '*/30 * * * * *',
    run: async (app) => ({ classified: await app.services.classification.classifyPending() }),
  },
  {
    name: 'detect-spikes',
    schedule: () => '0 */10 * * * *',
    run: async (app) => ({ warnings: (await app.services.classification.detectSpikes()).length }),
  },
  {
    // Learns from the labels staff gave on the board; a task with no new labels keeps its model.
    name: 'retrain-models',
    schedule: () => '0 15 3 * * *',
    run: async (app) => Object.fromEntries((await app.services.classification.retrainAll()).map((o) => [o.task, o.version ?? 0])),
  },
  {
    // Reminds the publicity office of press-conference quotas at risk or missed, in time to plan an
    // event (lead days per period in the quota settings); the board's quota panel shows them always.
    name: 'check-quotas',
    schedule: () => '0 0 9 * * *',
    run: async (app) => {
      const { statuses, reminders } = await app.services.press.quotaStatus();
      if (reminders.length) app.events.publish('quota.reminders', { reminders });
      return { rules: statuses.length, atRisk: reminders.filter((r) => r.state === 'at-risk').length, missed: reminders.filter((r) => r.state === 'missed').length };
    },
  },
  {
    name: 'prune-sessions',
    schedule: () => '0 7 * * * *',
    run: async (app) => ({ deleted: await app.stores.sessions.prune() }),
  },
  {
    name: 'prune-collection-runs',
    schedule: () => '0 30 3 * * *',
    run: async (app) => ({ deleted: await app.stores.sources.pruneRuns(new Date(app.clock.now().getTime() - 30 * DAY_MS)) }),
  },
];

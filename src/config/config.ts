import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { defaultDecisionSettings, type DecisionSettings } from '../classification/decision.ts';
import { parseAllowList } from '../egress/address-guard.ts';
import { defaultQuotaSettings, type QuotaSettings } from '../press/quota.ts';

/**
 * The one configuration schema. It is parsed once at start from the environment; every other
 * module receives the typed result. No other file reads process.env.
 */

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const positiveInt = z.coerce.number().int().positive();

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is not an IANA time zone (for example Asia/Shanghai)' },
);

const probability = z.coerce.number().min(0).max(1);

const envSchema = z.object({
  PORT: positiveInt.max(65535).default(3000),
  HUIYING_HOST: z.string().min(1).default('127.0.0.1'),
  HUIYING_DATA_DIR: z.string().min(1).default('data'),
  // The Chromium that prints PDF reports.
  HUIYING_CHROMIUM: z.string().trim().min(1).default('/usr/bin/chromium'),
  // Another province's gazetteer (the format of data/places/jiangxi.json); Jiangxi's by default.
  HUIYING_GAZETTEER: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  HUIYING_TIME_ZONE: timeZone.default('Asia/Shanghai'),
  HUIYING_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  HUIYING_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  HUIYING_SECURE_COOKIES: booleanFlag.default(false),
  HUIYING_TRUST_PROXY: booleanFlag.default(false),
  HUIYING_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  HUIYING_JOBS: booleanFlag.default(true),
  HUIYING_DEMO: booleanFlag.default(true),
  HUIYING_DEMO_PORT: positiveInt.max(65535).default(3900),
  HUIYING_FETCH_ALLOW: z.string().default(''),
  HUIYING_FETCH_TIMEOUT_MS: positiveInt.default(30_000),
  HUIYING_FETCH_CONNECT_TIMEOUT_MS: positiveInt.default(10_000),
  HUIYING_FETCH_MAX_BYTES: positiveInt.default(5 * 1024 * 1024),
  HUIYING_FETCH_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
  HUIYING_FETCH_PER_HOST: positiveInt.max(64).default(2),
  HUIYING_COLLECT_CONCURRENCY: positiveInt.max(64).default(4),
  HUIYING_COLLECT_TICK: z.string().default('*/10 * * * * *'),
  HUIYING_COLLECT_WORKERS: z.union([z.literal('auto'), z.coerce.number().int().min(0).max(32)]).default('auto'),
  HUIYING_BACKOFF_BASE_SECONDS: positiveInt.default(60),
  HUIYING_BACKOFF_CAP_SECONDS: positiveInt.default(6 * 3600),
  // Warning levels (classification/decision.ts explains each threshold).
  HUIYING_LEVEL_MODEL_FLAG: probability.default(defaultDecisionSettings.modelFlag),
  HUIYING_LEVEL_MODEL_HIGH: probability.default(defaultDecisionSettings.modelHigh),
  HUIYING_LEVEL_MODEL_CALM: probability.default(defaultDecisionSettings.modelCalm),
  HUIYING_LEVEL_NEGATIVE: probability.default(defaultDecisionSettings.negative),
  HUIYING_LEVEL_WEIGHT: z.coerce.number().min(0).max(10).default(defaultDecisionSettings.weight),
  HUIYING_LEVEL_REPOSTS: positiveInt.default(defaultDecisionSettings.reposts),
  HUIYING_LEVEL_VIRAL: positiveInt.default(defaultDecisionSettings.viral),
  // Press-conference quotas: days before a quarter, half year and year ends from which an uncovered rule is at risk.
  HUIYING_QUOTA_LEAD_DAYS: z
    .string()
    .regex(/^\d{1,3},\d{1,3},\d{1,3}$/, 'three numbers of days: quarter,half,year (e.g. 30,45,60)')
    .default(`${defaultQuotaSettings.leadDays.quarter},${defaultQuotaSettings.leadDays.half},${defaultQuotaSettings.leadDays.year}`),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  /** A gazetteer file to use instead of Jiangxi's. */
  gazetteerFile: string | undefined;
  /** The Chromium that prints PDF reports (PDF is unavailable without one). */
  chromiumPath: string;
  databaseUrl: string | undefined;
  timeZone: string;
  adminPassword: string | undefined;
  sessionSecret: string | undefined;
  secureCookies: boolean;
  trustProxy: boolean;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  jobsEnabled: boolean;
  demo: { enabled: boolean; port: number };
  fetch: FetchConfig;
  collection: CollectionConfig;
  levels: DecisionSettings;
  quota: QuotaSettings;
};

export type FetchConfig = {
  /** Hosts, IPs, CIDR ranges or host:port pairs that may be fetched although they are not public. */
  allow: string[];
  timeoutMs: number;
  connectTimeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  perHostConcurrency: number;
  userAgent: string;
};

export type CollectionConfig = {
  concurrency: number;
  /** node-cron expression (with seconds) of the tick that looks for due sources. */
  tick: string;
  backoffBaseSeconds: number;
  backoffCapSeconds: number;
  /** Worker threads that parse and normalise collected documents; 0 does it on the main thread. */
  workers: number;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment into a Config, listing every problem at once when it is invalid. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  // Empty strings count as unset so that `FOO= npm start` behaves like no FOO at all.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in envSchema.shape && value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const allow = e.HUIYING_FETCH_ALLOW.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const problems: string[] = [];
  try {
    parseAllowList(allow);
  } catch (err) {
    problems.push(`HUIYING_FETCH_ALLOW: ${(err as Error).message}`);
  }
  if (e.HUIYING_LEVEL_MODEL_HIGH < e.HUIYING_LEVEL_MODEL_FLAG) problems.push('HUIYING_LEVEL_MODEL_HIGH: must not be below HUIYING_LEVEL_MODEL_FLAG');
  if (e.HUIYING_LEVEL_MODEL_CALM >= e.HUIYING_LEVEL_MODEL_FLAG) problems.push('HUIYING_LEVEL_MODEL_CALM: must be below HUIYING_LEVEL_MODEL_FLAG');
  if (e.HUIYING_LEVEL_VIRAL < e.HUIYING_LEVEL_REPOSTS) problems.push('HUIYING_LEVEL_VIRAL: must not be below HUIYING_LEVEL_REPOSTS');
  if (problems.length) throw new ConfigError(problems);
  return {
    port: e.PORT,
    host: e.HUIYING_HOST,
    dataDir: path.resolve(cwd, e.HUIYING_DATA_DIR),
    gazetteerFile: e.HUIYING_GAZETTEER ? path.resolve(cwd, e.HUIYING_GAZETTEER) : undefined,
    chromiumPath: e.HUIYING_CHROMIUM,
    databaseUrl: e.DATABASE_URL,
    timeZone: e.HUIYING_TIME_ZONE,
    adminPassword: e.HUIYING_ADMIN_PASSWORD,
    sessionSecret: e.HUIYING_SESSION_SECRET,
    secureCookies: e.HUIYING_SECURE_COOKIES,
    trustProxy: e.HUIYING_TRUST_PROXY,
    logLevel: e.HUIYING_LOG_LEVEL,
    jobsEnabled: e.HUIYING_JOBS,
    demo: { enabled: e.HUIYING_DEMO, port: e.HUIYING_DEMO_PORT },
    fetch: {
      allow,
      timeoutMs: e.HUIYING_FETCH_TIMEOUT_MS,
      connectTimeoutMs: e.HUIYING_FETCH_CONNECT_TIMEOUT_MS,
      maxBytes: e.HUIYING_FETCH_MAX_BYTES,
      maxRedirects: e.HUIYING_FETCH_MAX_REDIRECTS,
      perHostConcurrency: e.HUIYING_FETCH_PER_HOST,
      userAgent: 'Huiying/0.1 (+public-opinion monitor)',
    },
    collection: {
      concurrency: e.HUIYING_COLLECT_CONCURRENCY,
      tick: e.HUIYING_COLLECT_TICK,
      backoffBaseSeconds: e.HUIYING_BACKOFF_BASE_SECONDS,
      backoffCapSeconds: e.HUIYING_BACKOFF_CAP_SECONDS,
      // One core stays with the main thread (parsing, database, Socket.io).
      workers: e.HUIYING_COLLECT_WORKERS === 'auto' ? Math.max(1, os.availableParallelism() - 1) : e.HUIYING_COLLECT_WORKERS,
    },
    levels: {
      modelFlag: e.HUIYING_LEVEL_MODEL_FLAG,
      modelHigh: e.HUIYING_LEVEL_MODEL_HIGH,
      modelCalm: e.HUIYING_LEVEL_MODEL_CALM,
      negative: e.HUIYING_LEVEL_NEGATIVE,
      weight: e.HUIYING_LEVEL_WEIGHT,
      reposts: e.HUIYING_LEVEL_REPOSTS,
      viral: e.HUIYING_LEVEL_VIRAL,
    },
    quota: { leadDays: leadDays(e.HUIYING_QUOTA_LEAD_DAYS) },
  };
}

function leadDays(value: string): QuotaSettings['leadDays'] {
  const [quarter, half, year] = value.split(',').map(Number) as [number, number, number];
  return { quarter, half, year };
}

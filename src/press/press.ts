import { z } from 'zod';

/**
 * Press work as Huiying stores it: people who speak for the department, press events with their
 * speakers, and policy documents with their interpretation materials. The quota arithmetic over
 * these lives in quota.ts and periods.ts (pure).
 */

export const eventKinds = ['own-conference', 'provincial-conference', 'briefing', 'interview', 'release'] as const;
export type EventKind = (typeof eventKinds)[number];

export const eventStatuses = ['planned', 'held', 'cancelled', 'postponed'] as const;
export type EventStatus = (typeof eventStatuses)[number];

/** head = 主要负责同志 (also a department leader), leader = 厅领导, spokesperson = 新闻发言人. */
export const speakerRoles = ['head', 'leader', 'spokesperson', 'other'] as const;
export type SpeakerRole = (typeof speakerRoles)[number];

/** 新闻发布会, 省政府新闻办新闻发布会, 吹风会, 专访, 新闻稿 */
export const eventKindLabels: Record<EventKind, string> = {
  'own-conference': '新闻发布会',
  'provincial-conference': '省政府新闻办发布会',
  briefing: '吹风会',
  interview: '访谈',
  release: '新闻发布',
};

export const eventStatusLabels: Record<EventStatus, string> = { planned: '计划', held: '已举行', cancelled: '已取消', postponed: '已延期' };
export const speakerRoleLabels: Record<SpeakerRole, string> = { head: '主要负责同志', leader: '厅领导', spokesperson: '新闻发言人', other: '其他' };

export interface Person {
  id: number;
  name: string;
  role: SpeakerRole;
  /** Their post: 厅长, 副厅长, 新闻发言人 … */
  title: string;
  active: boolean;
}

export interface Speaker {
  personId: number | null;
  name: string;
  role: SpeakerRole;
}

export interface Material {
  title: string;
  url: string;
}

export interface StoredPressEvent {
  id: number;
  kind: EventKind;
  title: string;
  startsAt: Date;
  status: EventStatus;
  organiser: string;
  location: string;
  topics: string[];
  keywords: string[];
  materials: Material[];
  notes: string;
  coverageDays: number;
  speakers: Speaker[];
  importKey: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An ISO-8601 instant that must carry its offset (Z or ±hh:mm), so "Beijing time" is never guessed. */
export const instantSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, 'an ISO-8601 time with its offset, e.g. 2026-12-18T10:00:00+08:00')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date')
  .transform((s) => new Date(s));

const httpUrl = z
  .string()
  .max(2000)
  .refine((s) => /^https?:\/\//i.test(s), 'an http(s) link');

export const speakerSchema = z.object({
  name: z.string().trim().min(1).max(100),
  role: z.enum(speakerRoles),
});

/** A press event as the API and `huiying events import` take it. */
export const pressEventInputSchema = z.object({
  kind: z.enum(eventKinds),
  title: z.string().trim().min(1).max(500),
  start: instantSchema,
  status: z.enum(eventStatuses).default('planned'),
  organiser: z.string().trim().max(200).default(''),
  location: z.string().trim().max(200).default(''),
  topics: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
  keywords: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  materials: z.array(z.object({ title: z.string().trim().max(200).default(''), url: httpUrl })).max(50).default([]),
  notes: z.string().max(5000).default(''),
  coverageDays: z.number().int().min(1).max(60).default(7),
  speakers: z.array(speakerSchema).max(30).default([]),
  /** A stable id from the importing system; importing it again updates the event. */
  id: z.string().trim().min(1).max(64).optional(),
});
export type PressEventInput = z.infer<typeof pressEventInputSchema>;

export const personInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  role: z.enum(speakerRoles),
  title: z.string().trim().max(100).default(''),
  active: z.boolean().default(true),
});
export type PersonInput = z.infer<typeof personInputSchema>;

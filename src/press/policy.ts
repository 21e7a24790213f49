import { DateTime } from 'luxon';
import { z } from 'zod';
import { normalizeForMatching } from '../text/normalize.ts';
import { QUOTA_ZONE } from './periods.ts';

/**
 * Policy documents and their interpretations (谁起草、谁解读，发布与解读同步): a document released
 * without an interpretation on the same day is flagged. Documents and interpretations collected
 * from the department's own site are told apart and matched by document number (文号) and title.
 * Pure.
 */

export const interpretationKinds = ['text', 'graphic', 'qa', 'video'] as const;
export type InterpretationKind = (typeof interpretationKinds)[number];
/** 文字解读 / 图解 / 问答 / 视频解读 */
export const interpretationKindLabels: Record<InterpretationKind, string> = { text: '文字解读', graphic: '图解', qa: '问答', video: '视频解读' };

export interface Interpretation {
  id: number;
  documentId: number;
  kind: InterpretationKind;
  title: string;
  url: string;
  /** YYYY-MM-DD, Beijing time. */
  publishedOn: string;
}

export interface PolicyDocument {
  id: number;
  title: string;
  /** 文号, '' when none. */
  number: string;
  draftingDepartment: string;
  /** YYYY-MM-DD, Beijing time. */
  releasedOn: string;
  url: string;
  interpretations: Interpretation[];
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD').refine((s) => DateTime.fromISO(s).isValid, 'not a real date');
const link = z
  .string()
  .max(2000)
  .refine((s) => s === '' || /^https?:\/\//i.test(s), 'an http(s) link')
  .default('');

export const policyDocumentInputSchema = z.object({
  title: z.string().trim().min(1).max(500),
  number: z.string().trim().max(100).default(''),
  draftingDepartment: z.string().trim().max(200).default(''),
  releasedOn: day,
  url: link,
});
export type PolicyDocumentInput = z.infer<typeof policyDocumentInputSchema>;

export const interpretationInputSchema = z.object({
  kind: z.enum(interpretationKinds).default('text'),
  title: z.string().trim().min(1).max(500),
  url: link,
  publishedOn: day,
});
export type InterpretationInput = z.infer<typeof interpretationInputSchema>;

export type SyncState = 'in-sync' | 'late' | 'missing';
/** 同步解读 / 解读滞后 / 未解读 */
export const syncStateLabels: Record<SyncState, string> = { 'in-sync': '同步解读', late: '解读滞后', missing: '未解读' };

/** Whether a document was interpreted on its release day (or before), later, or not at all. */
export function syncState(doc: Pick<PolicyDocument, 'releasedOn' | 'interpretations'>): { state: SyncState; daysLate: number | null } {
  if (!doc.interpretations.length) return { state: 'missing', daysLate: null };
  const first = doc.interpretations.map((i) => i.publishedOn).sort()[0]!;
  if (first <= doc.releasedOn) return { state: 'in-sync', daysLate: 0 };
  return { state: 'late', daysLate: Math.round(DateTime.fromISO(first).diff(DateTime.fromISO(doc.releasedOn), 'days').days) };
}

/** A document number: 赣司发〔2026〕12号, 赣司办字[2020]39号 (brackets of every width). */
const NUMBER = /[\u4e00-\u9fa5]{1,10}[〔［\[(（]\s*(\d{4})\s*[〕］\])）]\s*(\d{1,5})\s*号/;

/** The document number in a text, written the standard way (〔〕), or '' when there is none. */
export function findDocumentNumber(text: string): string {
  const m = NUMBER.exec(text);
  if (!m) return '';
  const prefix = m[0].slice(0, m[0].search(/[〔［\[(（]/));
  return `${prefix}〔${m[1]}〕${m[2]}号`;
}

const INTERPRETATION = /解读|图解|一图读懂|问答|答记者问|政策吹风|视频解读/;
const DOCUMENT = /通知|意见|办法|规定|方案|决定|细则|规划|条例|公告|通告|规则|指引|标准/;

/** What a title collected from the department's site is: a policy document, an interpretation of one, or neither. */
export function kindOfTitle(title: string): 'interpretation' | 'document' | null {
  if (INTERPRETATION.test(title)) return 'interpretation';
  if (DOCUMENT.test(title) && (NUMBER.test(title) || /^关于|《/.test(title) || title.length >= 8)) return 'document';
  return null;
}

/** The kind of an interpretation from its title. */
export function interpretationKindOf(title: string): InterpretationKind {
  if (/图解|一图读懂|图说/.test(title)) return 'graphic';
  if (/问答|答记者问|答问/.test(title)) return 'qa';
  if (/视频|微视频/.test(title)) return 'video';
  return 'text';
}

/** A title reduced to what identifies the document: the book title inside 《》 when there is one; the number and interpretation words dropped. */
export function coreTitle(title: string): string {
  const normalized = normalizeForMatching(title);
  // 关于印发《X》的通知 and 《X》解读 are both about X.
  const book = /《([^》]{4,})》/.exec(normalized);
  return (book ? book[1]! : normalized)
    .replace(NUMBER, '')
    .replace(/[《》〈〉「」“”"'\s（）()【】\[\]〔〕]/g, '')
    .replace(/^(关于|图解|一图读懂|解读|政策解读)[:：]?/, '')
    .replace(/(的)?(政策)?(解读|图解|问答|答记者问|视频解读|一图读懂)(材料)?$/, '')
    .trim();
}

/**
 * The document an interpretation is about: the one whose number it names, else the one whose
 * core title its own core title contains (the longest such, so 实施办法 is not taken for 办法).
 */
export function matchDocument<D extends Pick<PolicyDocument, 'number' | 'title'>>(documents: readonly D[], interpretationTitle: string): D | null {
  const number = findDocumentNumber(interpretationTitle);
  if (number) {
    const byNumber = documents.find((d) => d.number === number);
    if (byNumber) return byNumber;
  }
  const core = coreTitle(interpretationTitle);
  let best: D | null = null;
  let bestLength = 0;
  for (const d of documents) {
    const c = coreTitle(d.title);
    if (c.length >= 4 && core.includes(c) && c.length > bestLength) {
      best = d;
      bestLength = c.length;
    }
  }
  return best;
}

/** The calendar day of an instant in Beijing time (YYYY-MM-DD). */
export function beijingDay(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: QUOTA_ZONE }).toISODate()!;
}

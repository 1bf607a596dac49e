/**
 * Settings of the call history and the wrap-up (lib/history/, lib/wrap-up/), spread into the one
 * schema (schema.ts). Every field has a default, so stored settings from before stay valid.
 */
import { z } from 'zod';
import { isCleanText } from '../call-notification/clean-text';
import { checkUrlTemplate } from '../crm/url-template';

export const HISTORY_DAYS_DEFAULT = 7;
export const HISTORY_MAX_CALLS_DEFAULT = 200;
export const DISPOSITIONS_DEFAULT = ['Resolved', 'Callback', 'Wrong number'];
export const MAX_DISPOSITIONS = 20;
export const MAX_WRAP_UP_TIMER_SEC = 600;

const int = (what: string, min: number, max: number, unit: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what}: at least ${min}${unit}`)
    .max(max, `${what}: at most ${max}${unit}`);

/** One disposition: shown in the panel and popup, sent to the webhook, written to the CSV. */
const disposition = z
  .string({ error: 'Each disposition must be text' })
  .trim()
  .max(64, 'A disposition is at most 64 characters')
  .refine((v) => v === '' || isCleanText(v), 'A disposition must not contain control characters');

export const historyFields = {
  /** Calls started longer ago than this are dropped from the history. */
  historyDays: int('Keep calls for', 1, 90, ' days').default(HISTORY_DAYS_DEFAULT),
  /** At most this many calls in the history (the newest). */
  historyMaxCalls: int('Calls kept', 10, 1_000, '').default(HISTORY_MAX_CALLS_DEFAULT),
  /**
   * The wrap-up choices the admin sets. Empty lines are dropped (the form edits them one a line);
   * an empty list leaves only the note.
   */
  dispositions: z
    .array(disposition, { error: 'Dispositions must be a list of text' })
    .transform((list) => [...new Set(list.filter((d) => d !== ''))])
    .refine((list) => list.length <= MAX_DISPOSITIONS, `At most ${MAX_DISPOSITIONS} dispositions`)
    .default(DISPOSITIONS_DEFAULT),
  /**
   * Where each saved wrap-up is POSTed ('' = nowhere): a URL template with the same placeholders
   * and rules as the CRM record template (https, or http on loopback; a fixed origin).
   */
  wrapUpWebhookUrl: z
    .string({ error: 'Webhook URL must be text' })
    .trim()
    .superRefine((value, ctx) => {
      const message = checkUrlTemplate(value);
      if (message !== null) ctx.addIssue({ code: 'custom', message });
    })
    .default(''),
  /** A secret (SECRET_FIELDS): sent as `Authorization: Bearer …` to the webhook; '' = none. */
  wrapUpWebhookToken: z
    .string({ error: 'Webhook token must be text' })
    .trim()
    .max(4096, 'Webhook token is too long (max 4096 characters)')
    .refine((v) => /^[\x21-\x7e]*$/.test(v), 'Webhook token: printable characters only, no spaces')
    .default(''),
  /** The wrap-up view closes by itself this many seconds after the call ended; 0 = never. */
  wrapUpTimerSec: int('Wrap-up timer', 0, MAX_WRAP_UP_TIMER_SEC, ' s').default(0),
};

export type HistorySettingsField = keyof typeof historyFields;

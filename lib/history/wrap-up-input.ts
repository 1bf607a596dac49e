import { MAX_DISPOSITION_LENGTH, MAX_NOTE_LENGTH } from './history-entry';

/**
 * The agent's wrap-up as typed (from the panel in a CRM page or the popup), made safe to keep,
 * export and send: the disposition must be one the admin offers (or none), the note keeps its
 * line breaks but loses every other control and format character (bidi overrides would reorder
 * it in the CSV), and both are capped.
 */
export type WrapUpInput = { ok: true; disposition: string; note: string } | { ok: false; error: string };

// Every control (Cc) and format (Cf) character except the line feed.
const UNWANTED = /(?!\n)[\p{Cc}\p{Cf}]/gu;

export function cleanNote(note: string): string {
  return note.replace(/\r\n?/g, '\n').replace(UNWANTED, '').trim().slice(0, MAX_NOTE_LENGTH);
}

export function checkWrapUp(disposition: string, note: string, offered: readonly string[]): WrapUpInput {
  const chosen = disposition.trim().slice(0, MAX_DISPOSITION_LENGTH);
  if (chosen !== '' && !offered.includes(chosen)) return { ok: false, error: `"${chosen}" is not one of the dispositions offered` };
  return { ok: true, disposition: chosen, note: cleanNote(note) };
}

import { z } from 'zod';

/** docs/bridge-protocol.md "Frames": what the bridge sends and accepts. */
export const MAX_FRAME_BYTES = 64 * 1024;
/** Inbox entry ids are Redis stream ids: `<ms>-<seq>`. */
export const ENTRY_ID = /^\d{1,20}-\d{1,20}$/;

export type BridgeFrame =
  | { type: 'hello'; ext: string; instance: string; parkSeconds: number }
  | { type: 'call'; id: string; item: string; takenAt: number }
  | { type: 'pong'; at: number };

export type ClientFrame = { type: 'ack'; id: string } | { type: 'ping' };

const clientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ack'), id: z.string().regex(ENTRY_ID) }),
  z.object({ type: z.literal('ping') }),
]);

/** A frame from the extension, or null for anything malformed or unknown (counted, ignored). */
export function parseClientFrame(data: string): ClientFrame | null {
  if (data.length > MAX_FRAME_BYTES) return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  const r = clientFrameSchema.safeParse(value);
  return r.success ? r.data : null;
}

export function encodeFrame(frame: BridgeFrame): string {
  return JSON.stringify(frame);
}

import { z } from 'zod';

/**
 * The frames of the bridge's wire protocol `teleforge.v1` (docs/bridge-protocol.md), as the
 * extension sees them. What the bridge sends is checked here like any other untrusted input: a
 * frame over 64 KiB, not JSON or of an unknown shape is dropped (and counted by the caller).
 */
export const SUBPROTOCOL = 'teleforge.v1';
export const TOKEN_SUBPROTOCOL_PREFIX = 'teleforge.token.';
/** The protocol's frame limit; a longer one is not parsed. */
export const MAX_FRAME_LENGTH = 64 * 1024;

const epochMs = z.number().finite().nonnegative();

const helloFrame = z.object({
  type: z.literal('hello'),
  ext: z.string().max(64),
  instance: z.string().max(256),
  parkSeconds: z.number().finite().nonnegative(),
});

const callFrame = z.object({
  type: z.literal('call'),
  /** The inbox entry id, e.g. '1764629000000-0'; echoed back in the ack. */
  id: z.string().min(1).max(64).regex(/^[0-9]+-[0-9]+$/, 'an inbox entry id'),
  /** The raw Redis item, decoded by decodeRedisNotification (not trusted more than the PBX). */
  item: z.string(),
  takenAt: epochMs,
});

const pongFrame = z.object({ type: z.literal('pong'), at: epochMs });

export const bridgeFrameSchema = z.discriminatedUnion('type', [helloFrame, callFrame, pongFrame]);
export type BridgeFrame = z.infer<typeof bridgeFrameSchema>;
export type CallFrame = z.infer<typeof callFrame>;

export type ParsedFrame = { ok: true; frame: BridgeFrame } | { ok: false; error: string };

/** Never throws; the error says why without quoting the frame (it may carry caller data). */
export function parseBridgeFrame(data: unknown): ParsedFrame {
  if (typeof data !== 'string') return { ok: false, error: 'frame is not text' };
  if (data.length > MAX_FRAME_LENGTH) return { ok: false, error: `frame is over ${MAX_FRAME_LENGTH} characters` };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { ok: false, error: 'frame is not JSON' };
  }
  const parsed = bridgeFrameSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `unexpected frame (${issue?.path.join('.') || 'type'}: ${issue?.message ?? 'invalid'})` };
  }
  return { ok: true, frame: parsed.data };
}

export function ackFrame(id: string): string {
  return JSON.stringify({ type: 'ack', id });
}

export function pingFrame(): string {
  return JSON.stringify({ type: 'ping' });
}

/** The subprotocols offered: the browser cannot set headers, and a query string lands in access logs. */
export function offeredSubprotocols(token: string): string[] {
  return [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`];
}

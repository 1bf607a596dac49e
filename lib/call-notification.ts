/**
 * "The one unpacking function" the Teleforge document asks for: an inbound call arrives either as
 * a SIP INVITE with X-Platforma-* headers or as a JSON notification on a Redis list, and both are
 * decoded here into the same CallNotification, through one normalise step and one zod schema.
 *
 *   INVITE getHeader ──decodeInviteHeaders──┐
 *                                           ├─> raw field record ─normalise─> callNotificationSchema ─> DecodeResult
 *   Redis JSON text ─decodeRedisNotification┘
 *
 * Neither function throws. An INVITE always decodes (ok: true, with warnings for every fallback);
 * a Redis entry that is not a call notification gives ok: false with the reason.
 * Text rules: clean-text.ts. Fallbacks and direction: normalise.ts. Header lookup: decode-invite.ts.
 */
export { callNotificationSchema, type CallNotification, type DecodeResult } from './call-notification/schema';
export { decodeInviteHeaders, INVITE_HEADERS } from './call-notification/decode-invite';
export { decodeRedisNotification, MAX_NOTIFICATION_LENGTH, REDIS_KEYS } from './call-notification/decode-redis';
export { MAX_TEXT_LENGTH } from './call-notification/clean-text';

/**
 * The history's wording comes from locales/en.yml (setup-i18n.ts) and reads as it did when it was
 * written in the component: the e2e tests find rows and buttons by these English words.
 */
import { describe, expect, it } from 'vitest';
import { directionText, outcomeLabel, TEXT, webhookText } from '@/components/history/history-text';

describe('history text', () => {
  it('names outcomes, live calls and the missed count', () => {
    expect(outcomeLabel({ outcome: 'connected-elsewhere', answeredAt: 1 })).toBe('Connected on another device');
    expect(outcomeLabel({ outcome: 'no-answer', answeredAt: undefined })).toBe('No answer');
    expect(outcomeLabel({ outcome: null, answeredAt: undefined })).toBe('Ringing');
    expect(outcomeLabel({ outcome: null, answeredAt: 5 })).toBe('In progress');
    expect(TEXT.missed(1)).toBe('1 missed');
    expect(TEXT.missed(3)).toBe('3 missed');
    expect(TEXT.clear).toBe('Clear history');
  });

  it('says the direction, with the bridge', () => {
    expect(directionText({ direction: 'outbound', source: 'sip' })).toBe('Outbound');
    expect(directionText({ direction: 'inbound', source: 'bridge' })).toBe('Inbound · bridge');
  });

  it('says where the webhook stands', () => {
    const base = { attempts: 2, lastError: 'HTTP 502' };
    expect(webhookText({ ...base, state: 'sent' }, 0)).toBe('Sent to the CRM');
    expect(webhookText({ ...base, state: 'failed' }, 0)).toBe('Webhook failed: HTTP 502 (gave up after 2 tries)');
    expect(webhookText({ ...base, attempts: 0, state: 'pending' }, 0)).toBe('Sending…');
    expect(webhookText({ ...base, state: 'pending', nextAt: 4_500 }, 0)).toBe('Webhook failed: HTTP 502; retrying in 5 s');
    expect(webhookText({ attempts: 1, state: 'pending', nextAt: 0 }, 10)).toBe('Webhook failed: unknown error; retrying');
  });
});

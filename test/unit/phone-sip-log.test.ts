import { describe, expect, it, vi } from 'vitest';
import { createUserAgent, type UserAgentDeps } from '@/lib/phone/create-user-agent';
import { sipLogConnector } from '@/lib/phone/sip-log-connector';
import { systemClock, type Logger } from '@/lib/phone/types';
import type { WebSocketConstructor } from '@/lib/phone/ws-transport';

function spyLogger() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } satisfies Logger;
}

describe('sipLogConnector', () => {
  it('drops lines below the level and forwards the rest one level down', () => {
    const logger = spyLogger();
    const connect = sipLogConnector('warn', logger);
    connect('debug', 'sip.transaction.ist', undefined, 'State change to "Completed"');
    connect('log', 'sip.Invitation', undefined, 'Invitation.progress');
    connect('warn', 'sip.UserAgent', undefined, 'a warning');
    connect('error', 'sip.Transport', undefined, 'socket closed');
    expect(logger.debug).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledWith('sip.UserAgent: a warning');
    expect(logger.warn).toHaveBeenCalledWith('sip.Transport: socket closed');
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('forwards everything at debug', () => {
    const logger = spyLogger();
    const connect = sipLogConnector('debug', logger);
    connect('debug', 'sip.x', undefined, 'a');
    connect('log', 'sip.x', undefined, 'b');
    expect(logger.debug.mock.calls).toEqual([['sip.x: a'], ['sip.x: b']]);
  });
});

describe('createUserAgent logging', () => {
  // SIP.js 0.21 hands every line to the connector whatever logLevel says: the filter must be ours.
  it("keeps SIP.js's debug lines out of the logger at the default level", () => {
    const logger = spyLogger();
    const deps: UserAgentDeps = {
      clock: systemClock,
      logger,
      WebSocket: class {} as unknown as WebSocketConstructor,
      sessionDescriptionHandlerFactory: undefined,
      connectTimeoutMs: 1_000,
      sipLogLevel: 'warn',
    };
    const config = { wsUrl: 'ws://127.0.0.1:5066', domain: '127.0.0.1', ext: '1001', password: 'x', displayName: '', iceServers: [] };
    const ua = createUserAgent(config, deps, {});
    const sipLogger = ua.getLogger('sip.transaction.ist');
    sipLogger.debug('Constructing INVITE server transaction');
    sipLogger.log('State change');
    sipLogger.warn('late response');
    expect(logger.debug).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledWith('sip.transaction.ist: late response');
  });
});

import { UserAgent, type LogLevel, type SessionDescriptionHandlerFactory, type UserAgentDelegate } from 'sip.js';
import { sipLogConnector } from './sip-log-connector';
import type { Clock, Logger, PhoneConfig } from './types';
import { WsTransport, type WebSocketConstructor, type WsTransportOptions } from './ws-transport';

export interface UserAgentDeps {
  clock: Clock;
  logger: Logger;
  WebSocket: WebSocketConstructor | undefined;
  sessionDescriptionHandlerFactory: SessionDescriptionHandlerFactory | undefined;
  connectTimeoutMs: number;
  sipLogLevel: LogLevel;
}

/** Without a cap SIP.js gathers ICE for up to 5 s before answering. */
const ICE_GATHERING_TIMEOUT_MS = 500;

/**
 * A SIP.js UserAgent for `sip:<ext>@<domain>` on our WsTransport, digest user = ext.
 * Throws on a config that cannot work (the Phone reports 'error' instead of retrying forever).
 * No `reconnectionAttempts`: SIP.js would reconnect without registering again (sip-connection.ts
 * does both).
 */
export function createUserAgent(config: PhoneConfig, deps: UserAgentDeps, delegate: UserAgentDelegate): UserAgent {
  if (!/^wss?:\/\/[^/]/i.test(config.wsUrl)) throw new Error(`invalid WebSocket URL ${config.wsUrl}`);
  const uri = UserAgent.makeURI(`sip:${config.ext}@${config.domain}`);
  if (!uri) throw new Error(`invalid SIP address sip:${config.ext}@${config.domain}`);
  const WebSocketImpl = deps.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor | undefined);
  if (!WebSocketImpl) throw new Error('no WebSocket implementation available');
  const { logger } = deps;
  const transportOptions: WsTransportOptions = {
    url: config.wsUrl, WebSocket: WebSocketImpl, connectTimeoutMs: config.connectTimeoutMs ?? deps.connectTimeoutMs, clock: deps.clock, logger,
  };
  return new UserAgent({
    uri,
    authorizationUsername: config.ext,
    authorizationPassword: config.password,
    displayName: config.displayName,
    transportConstructor: WsTransport,
    transportOptions,
    ...(deps.sessionDescriptionHandlerFactory ? { sessionDescriptionHandlerFactory: deps.sessionDescriptionHandlerFactory } : {}),
    sessionDescriptionHandlerFactoryOptions: {
      peerConnectionConfiguration: { iceServers: config.iceServers, iceTransportPolicy: config.iceTransportPolicy ?? 'all' },
      iceGatheringTimeout: ICE_GATHERING_TIMEOUT_MS,
    },
    logBuiltinEnabled: false,
    logConfiguration: false,
    logLevel: deps.sipLogLevel,
    logConnector: sipLogConnector(deps.sipLogLevel, logger),
    delegate,
  });
}

/** OPTIONS to the domain itself (no user part): the PBX answers it, and any answer proves the link. */
export function sendOptionsPing(ua: UserAgent, domain: string): void {
  const target = UserAgent.makeURI(`sip:${domain}`);
  if (!target) return;
  const core = ua.userAgentCore;
  core.request(core.makeOutgoingRequestMessage('OPTIONS', target, ua.configuration.uri, target, {}), {});
}

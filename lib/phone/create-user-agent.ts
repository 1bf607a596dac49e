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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The SIP.js options that fix the Contact (`sip:<contactName>@<viaHost>;transport=ws`) for a
 * contact id. Without them SIP.js picks a random user and `*.invalid` host per UserAgent, so
 * every restarted phone (a recreated offscreen document) adds a binding at the PBX while the
 * dead one lingers until it expires, and calls fork to it. Registrars that key bindings by
 * Contact URI (RFC 3261 10.3; Kamailio's usrloc in its default matching mode, as in
 * test/pbx/kamailio.cfg.tmpl) then replace the old binding. `viaHost` is part of that URI, and
 * SIP.js also uses it to match responses to its own Via: it stays fixed for the UserAgent's life.
 * No +sip.instance: our registrars do not need it, and with `reg-id` it would announce RFC 5626
 * outbound, which SIP.js does not really implement.
 */
export function contactOptions(contactId: string | undefined): { contactName: string; viaHost: string } | Record<string, never> {
  if (contactId === undefined) return {};
  if (!UUID.test(contactId)) throw new Error('invalid contact id (not a UUID)');
  const hex = contactId.replace(/-/g, '').toLowerCase();
  return { contactName: hex, viaHost: `${hex.slice(0, 12)}.invalid` };
}

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
    ...contactOptions(config.contactId),
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

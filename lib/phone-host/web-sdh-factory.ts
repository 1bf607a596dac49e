import { Web, type SessionDescriptionHandlerFactory } from 'sip.js';

/**
 * SIP.js gathers ICE for up to 5 s by default and asks a public Google STUN server, which a
 * call-centre network (and this test machine) may not reach: answering would hang for 5 s.
 * Cap gathering and use only the ICE servers from the settings.
 */
export const ICE_GATHERING_TIMEOUT_MS = 500;

export type IceServer = { urls: string | string[]; username?: string; credential?: string };

/** `getIceServers` is read per call, so a new config applies to the next call without a new factory. */
export function webSdhFactory(getIceServers: () => IceServer[]): SessionDescriptionHandlerFactory {
  const base = Web.defaultSessionDescriptionHandlerFactory();
  return (session, options?: Web.SessionDescriptionHandlerFactoryOptions) =>
    base(session, {
      ...options,
      iceGatheringTimeout: ICE_GATHERING_TIMEOUT_MS,
      peerConnectionConfiguration: { ...options?.peerConnectionConfiguration, iceServers: getIceServers() },
    });
}

import { Web, type SessionDescriptionHandlerFactory } from 'sip.js';
import { rollbackOffer } from './rollback-offer';
import { withMicrophone } from './audio-devices';

/**
 * SIP.js gathers ICE for up to 5 s by default and asks a public Google STUN server, which a
 * call-centre network (and this test machine) may not reach: answering would hang for 5 s.
 * Cap gathering and use only the ICE servers from the settings.
 */
export const ICE_GATHERING_TIMEOUT_MS = 500;

export type IceServer = { urls: string | string[]; username?: string; credential?: string };

/** The ICE part of the phone config that each call's RTCPeerConnection is made with. */
export interface IceConfig {
  iceServers: IceServer[];
  /** 'relay' (the relay-only setting): TURN candidates only, no local address in the SDP. */
  iceTransportPolicy: 'all' | 'relay';
}

/**
 * `getIce` and `getMicrophoneId` are read per call, so a new config applies to the next call
 * without a new factory. The microphone: audio-devices.ts (asked as `ideal`, so a missing one
 * falls back to the default). Each handler gets the rollbackDescription SIP.js's Web handler
 * lacks (rollback-offer.ts).
 */
export function webSdhFactory(getIce: () => IceConfig, getMicrophoneId: () => string = () => ''): SessionDescriptionHandlerFactory {
  const media = Web.defaultMediaStreamFactory();
  const base = Web.defaultSessionDescriptionHandlerFactory((constraints, sdh) => media(withMicrophone(constraints, getMicrophoneId()), sdh));
  return (session, options?: Web.SessionDescriptionHandlerFactoryOptions) => {
    const sdh = base(session, sdhOptions(options, getIce()));
    return Object.assign(sdh, { rollbackDescription: () => rollbackOffer(sdh.peerConnection) });
  };
}

/** The options each call's handler gets: the settings' ICE servers and policy over SIP.js's. */
export function sdhOptions(options: Web.SessionDescriptionHandlerFactoryOptions | undefined, ice: IceConfig): Web.SessionDescriptionHandlerFactoryOptions {
  return {
    ...options,
    iceGatheringTimeout: ICE_GATHERING_TIMEOUT_MS,
    peerConnectionConfiguration: {
      ...options?.peerConnectionConfiguration,
      iceServers: ice.iceServers,
      iceTransportPolicy: ice.iceTransportPolicy,
    },
  };
}

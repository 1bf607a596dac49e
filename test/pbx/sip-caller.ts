/**
 * The far end for integration tests: a second SIP.js UserAgent in Node (user 2001 by default)
 * that registers and calls an extension with arbitrary headers, like the PBX's queue would.
 * It uses SIP.js's stock Web transport (not the phone's), so the two sides share no code.
 */
import { Inviter, Registerer, SessionState, UserAgent, type Core, type Invitation, type SessionDescriptionHandlerFactory } from 'sip.js';
import WebSocket from 'ws';
import { fakeSdhFactory } from './fake-sdh';

export interface CallerCall {
  inviter: Inviter;
  /** Final response to the INVITE (200, 486, 487, ...), once known. */
  finalCode(): number | undefined;
  waitFinal(): Promise<number>;
  waitEstablished(): Promise<void>;
  waitTerminated(): Promise<void>;
  /** True when the callee ended the call with a BYE. */
  byeReceived(): boolean;
  /**
   * CANCEL while ringing; `answeredElsewhere` adds `Reason: SIP;cause=200`, `reason` a Reason
   * with that text (`SIP;cause=499;text="..."`: SIP.js writes its own text for a code it knows).
   */
  cancel(options?: { answeredElsewhere?: boolean; reason?: string }): Promise<void>;
  bye(): Promise<void>;
  /**
   * The REFERs received on this call (a transfer by the callee), each followed as a PBX or a
   * transferee UA would: 202 Accepted, then an INVITE to the Refer-To target (with its Replaces
   * header, for an attended transfer), its progress reported back in NOTIFYs (SIP.js's
   * Inviter does that for a referred session).
   */
  referrals: Referred[];
  /** Bodies of the in-dialog INFO requests received (SIP INFO DTMF), in order. */
  infos(): { contentType: string; body: string }[];
  /** The callee's re-INVITEs: their offer, our answer and the status we sent. */
  reinvites(): { offer: string; answer: string; code: number }[];
}

export interface Referred {
  referTo: string;
  /** The Replaces header of the new INVITE (attended transfer), if any. */
  replaces: string | undefined;
  inviter: Inviter;
  established(): boolean;
}

/**
 * SIP protocol values the caller (or a PBX relaying it) chooses, for hostile-id tests: the
 * Call-ID, the From tag and the From display name of the INVITE.
 */
export interface CallIdentity {
  callId?: string;
  fromTag?: string;
  fromDisplayName?: string;
}

/** A call to this UA (the agent dialled it): the far end of an outbound call. */
export interface CalleeCall {
  invitation: Invitation;
  /** The user part of the INVITE's To URI (the number the phone dialled; the Request-URI is our contact). */
  dialled: string;
  /** 180 Ringing. */
  ring(): Promise<void>;
  answer(): Promise<void>;
  reject(code: number): Promise<void>;
  bye(): Promise<void>;
  waitTerminated(): Promise<void>;
  /** True when the phone ended the answered call with a BYE. */
  byeReceived(): boolean;
  /** True when the phone CANCELled it while it rang. */
  cancelled(): boolean;
}

export interface SipCaller {
  ua: UserAgent;
  /** The next INVITE to this UA (waits for it). */
  nextIncoming(timeoutMs?: number): Promise<CalleeCall>;
  call(ext: string, extraHeaders?: string[], identity?: CallIdentity): Promise<CallerCall>;
  stop(): Promise<void>;
}

/**
 * SIP.js's Inviter makes its own From tag and takes no option for it (its `params.fromTag` is
 * overwritten); the INVITE is built in the constructor and sent by invite(), so the tag is
 * replaced in between, where the From header and the dialog matching read it.
 */
function forceFromTag(inviter: Inviter, tag: string): void {
  const request = inviter.request as unknown as {
    fromTag: string;
    from: { setParam(name: string, value: string): void; toString(): string };
    setHeader(name: string, value: string): void;
  };
  request.fromTag = tag;
  request.from.setParam('tag', tag);
  request.setHeader('from', request.from.toString());
  (inviter as unknown as { fromTag: string }).fromTag = tag;
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

export async function startCaller(
  pbx: { wsUrl: string; domain: string },
  user = '2001',
  password = `secret${user}`,
  /** The media handler: default a fixed dummy SDP (fake-sdh.ts); directional-sdh.ts answers holds. */
  sessionDescriptionHandlerFactory: SessionDescriptionHandlerFactory = fakeSdhFactory,
): Promise<SipCaller> {
  // SIP.js's Web transport reads the global; Node 20 has none.
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  const uri = UserAgent.makeURI(`sip:${user}@${pbx.domain}`);
  if (!uri) throw new Error('bad caller uri');
  const ua = new UserAgent({
    uri,
    authorizationUsername: user,
    authorizationPassword: password,
    transportOptions: { server: pbx.wsUrl },
    sessionDescriptionHandlerFactory,
    logBuiltinEnabled: false,
    logLevel: 'error',
  });
  const incoming: CalleeCall[] = [];
  const waiting: ((call: CalleeCall) => void)[] = [];
  ua.delegate = {
    onInvite: (invitation) => {
      let bye = false;
      let cancelled = false;
      const terminated = deferred<void>();
      invitation.delegate = {
        onBye: (b) => { bye = true; void b.accept(); },
        onCancel: () => { cancelled = true; },
      };
      invitation.stateChange.addListener((state) => {
        if (state === SessionState.Terminated) terminated.resolve();
      });
      const call: CalleeCall = {
        invitation,
        dialled: invitation.request.to.uri.user ?? '',
        ring: () => invitation.progress({ statusCode: 180 }).then(() => undefined),
        answer: () => invitation.accept(),
        reject: (statusCode) => invitation.reject({ statusCode }),
        bye: async () => { await invitation.bye(); },
        waitTerminated: () => terminated.promise,
        byeReceived: () => bye,
        cancelled: () => cancelled,
      };
      const next = waiting.shift();
      if (next) next(call);
      else incoming.push(call);
    },
  };
  await ua.start();
  const registerer = new Registerer(ua);
  await new Promise<void>((resolve, reject) => {
    void registerer.register({
      requestDelegate: {
        onAccept: () => resolve(),
        onReject: (r: Core.IncomingResponse) => reject(new Error(`caller REGISTER: ${r.message.statusCode}`)),
      },
    });
  });

  return {
    ua,
    nextIncoming(timeoutMs = 5_000) {
      const queued = incoming.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise<CalleeCall>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no INVITE reached ${user} within ${timeoutMs} ms`)), timeoutMs);
        waiting.push((call) => { clearTimeout(timer); resolve(call); });
      });
    },
    async call(ext, extraHeaders = [], identity = {}) {
      const target = UserAgent.makeURI(`sip:${ext}@${pbx.domain}`);
      if (!target) throw new Error('bad target');
      // `params` is passed on to the request message, whose options include the Call-ID.
      const params = {
        ...(identity.callId !== undefined && { callId: identity.callId }),
        ...(identity.fromDisplayName !== undefined && { fromDisplayName: identity.fromDisplayName }),
      };
      const inviter = new Inviter(ua, target, { extraHeaders, params });
      if (identity.fromTag !== undefined) forceFromTag(inviter, identity.fromTag);
      let code: number | undefined;
      let bye = false;
      const final = deferred<number>();
      const established = deferred<void>();
      const terminated = deferred<void>();
      const referrals: Referred[] = [];
      const infos: { contentType: string; body: string }[] = [];
      const reinvites: { offer: string; answer: string; code: number }[] = [];
      inviter.delegate = {
        onBye: (b) => { bye = true; void b.accept(); },
        onRefer: (referral) => {
          const referred = referral.makeInviter();
          referrals.push({
            referTo: referral.referTo.uri.toString(),
            replaces: referral.replaces,
            inviter: referred,
            established: () => referred.state === SessionState.Established,
          });
          referred.delegate = { onBye: (b) => void b.accept() };
          void referral.accept().then(() => referred.invite());
        },
        onInfo: (info) => {
          infos.push({ contentType: info.request.getHeader('content-type') ?? '', body: info.request.body });
          void info.accept();
        },
        // SIP.js hands over our response as the whole message text: the body follows the blank line.
        onInvite: (request, response, code) => {
          reinvites.push({ offer: request.body, answer: response.split('\r\n\r\n').slice(1).join('\r\n\r\n'), code });
        },
      };
      inviter.stateChange.addListener((state) => {
        if (state === SessionState.Established) established.resolve();
        if (state === SessionState.Terminated) terminated.resolve();
      });
      const done = (r: Core.IncomingResponse): void => {
        code = r.message.statusCode;
        final.resolve(code ?? 0);
      };
      await inviter.invite({ requestDelegate: { onAccept: done, onReject: done } });
      return {
        inviter,
        finalCode: () => code,
        waitFinal: () => final.promise,
        waitEstablished: () => established.promise,
        waitTerminated: () => terminated.promise,
        byeReceived: () => bye,
        referrals,
        cancel: (options = {}) =>
          inviter.cancel(
            options.answeredElsewhere
              ? { statusCode: 200, reasonPhrase: 'Call completed elsewhere' }
              : options.reason !== undefined
                ? { statusCode: 499, reasonPhrase: options.reason }
                : {},
          ),
        bye: async () => { await inviter.bye(); },
        infos: () => infos,
        reinvites: () => reinvites,
      };
    },
    async stop() {
      await ua.stop().catch(() => undefined);
    },
  };
}

/**
 * A transfer target for integration tests: a SIP.js UserAgent in Node (user 1002 by default) that
 * registers and answers INVITEs like a colleague's phone would: 'answer', or 'busy' (486).
 * An INVITE with a Replaces header (RFC 3891: the caller sent by an attended transfer) takes
 * the place of the dialog it names: answered, and the replaced dialog ended with a BYE.
 */
import { Registerer, SessionState, UserAgent, type Core, type Invitation } from 'sip.js';
import WebSocket from 'ws';
import { fakeSdhFactory } from './fake-sdh';

export interface CalleeSession {
  invitation: Invitation;
  /** The From user of the INVITE (who called: the agent for a consult, the caller after a transfer). */
  fromUser: string;
  /** The Replaces header value, when this INVITE replaced a dialog. */
  replaces: string | undefined;
  established(): boolean;
  terminated(): boolean;
}

export interface SipCallee {
  ua: UserAgent;
  mode: 'answer' | 'busy' | 'ring';
  sessions: CalleeSession[];
  stop(): Promise<void>;
}

/** The callee's side of a dialog matches a Replaces value (call-id;to-tag=...;from-tag=...). */
function matches(session: Invitation, replaces: string): boolean {
  const [callId, ...params] = replaces.split(';').map((p) => p.trim());
  const param = (name: string) => params.find((p) => p.toLowerCase().startsWith(`${name}=`))?.slice(name.length + 1);
  const dialog = session.dialog;
  return dialog !== undefined && dialog.callId === callId && dialog.localTag === param('to-tag') && dialog.remoteTag === param('from-tag');
}

export async function startCallee(pbx: { wsUrl: string; domain: string }, user = '1002', mode: SipCallee['mode'] = 'answer'): Promise<SipCallee> {
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  const uri = UserAgent.makeURI(`sip:${user}@${pbx.domain}`);
  if (!uri) throw new Error('bad callee uri');
  const sessions: CalleeSession[] = [];
  const callee: SipCallee = {
    ua: undefined as unknown as UserAgent,
    mode,
    sessions,
    stop: async () => {
      await callee.ua.stop().catch(() => undefined);
    },
  };
  callee.ua = new UserAgent({
    uri,
    authorizationUsername: user,
    authorizationPassword: `secret${user}`,
    transportOptions: { server: pbx.wsUrl },
    sessionDescriptionHandlerFactory: fakeSdhFactory,
    logBuiltinEnabled: false,
    logLevel: 'error',
    delegate: {
      onInvite: (invitation) => {
        const replaces = invitation.request.getHeader('replaces');
        const entry: CalleeSession = {
          invitation,
          fromUser: invitation.request.from.uri.user ?? '',
          replaces,
          established: () => invitation.state === SessionState.Established,
          terminated: () => invitation.state === SessionState.Terminated,
        };
        sessions.push(entry);
        invitation.delegate = { onBye: (bye) => void bye.accept() };
        if (replaces !== undefined) {
          const old = sessions.find((s) => s !== entry && s.established() && matches(s.invitation, replaces));
          if (!old) {
            void invitation.reject({ statusCode: 481 });
            return;
          }
          void invitation.accept().then(() => old.invitation.bye());
          return;
        }
        if (callee.mode === 'busy') void invitation.reject({ statusCode: 486 });
        else if (callee.mode === 'answer') void invitation.accept();
        else void invitation.progress();
      },
    },
  });
  await callee.ua.start();
  const registerer = new Registerer(callee.ua);
  await new Promise<void>((resolve, reject) => {
    void registerer.register({
      requestDelegate: {
        onAccept: () => resolve(),
        onReject: (r: Core.IncomingResponse) => reject(new Error(`callee REGISTER: ${r.message.statusCode}`)),
      },
    });
  });
  return callee;
}

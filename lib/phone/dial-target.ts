/**
 * What Phone.dial accepts, checked again in the phone whatever the caller checked: an E.164
 * number (`+` and up to 15 digits, ITU-T E.164 §6) or an extension of digits, `*` and `#`
 * (feature codes such as *97). Anything else never reaches a SIP URI: the user part is
 * built from these characters only, so no `@`, `;` or `>` can change where the INVITE goes.
 * Normalising what the agent typed or clicked is lib/dial/normalize-number.ts's job.
 */
const E164 = /^\+[1-9]\d{5,14}$/;
const EXTENSION = /^[0-9*#]{1,15}$/;

export function isDialTarget(value: string): boolean {
  return E164.test(value) || EXTENSION.test(value);
}

/** The SIP URI's user part: `#` is reserved in a URI (RFC 3261 §25.1) and sent escaped. */
export function dialUserPart(target: string): string {
  if (!isDialTarget(target)) throw new Error('not a dialable number: use an E.164 number or an extension');
  return target.replace(/#/g, '%23');
}

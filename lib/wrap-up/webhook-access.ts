import type { PermissionsApi } from '@/lib/screen-pop/crm-permissions';
import { originMatchPattern } from '@/lib/settings/derived';
import { templateOrigin } from '@/lib/crm/url-template';

/**
 * The disposition webhook's origin needs the extension's host permission (the worker's POST is
 * refused without it), asked like the CRM origins: an optional host permission, granted at build
 * time (TELEFORGE_CRM_ORIGINS) or requested from the settings while the agent's click is on the
 * stack. A webhook on a CRM origin is covered by the CRM's grant.
 */
export function webhookPattern(template: string): string | null {
  const origin = templateOrigin(template);
  return origin === null ? null : originMatchPattern(origin);
}

export async function hasWebhookAccess(permissions: Pick<PermissionsApi, 'contains'>, template: string): Promise<boolean> {
  const pattern = webhookPattern(template);
  if (pattern === null) return true;
  return permissions.contains({ origins: [pattern] }).catch(() => false);
}

/** NOT async before the request, like requestCrmAccess: call it synchronously from the click. */
export function requestWebhookAccess(permissions: PermissionsApi, template: string): Promise<boolean> {
  const pattern = webhookPattern(template);
  if (pattern === null) return Promise.resolve(true);
  try {
    return permissions.request({ origins: [pattern] }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}

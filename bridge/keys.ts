/**
 * Every Redis key the bridge uses. Cluster-safe by construction:
 * - the PBX's list `enigma:notifications:inbound` hashes as a whole; the bridge's own keys around it
 *   put that same name in braces, so processing lists, leases, the registry and the dead-letter
 *   list live in its hash slot and one Lua script or LMOVE can touch them together;
 * - an agent's inbox and dedupe keys share the slot of `{<ext>}`, so the park script is one slot.
 */
export const SOURCE_LIST = 'enigma:notifications:inbound';
const SLOT = `{${SOURCE_LIST}}`;

export const keys = {
  source: SOURCE_LIST,
  processing: (instance: string) => `${SLOT}:processing:${instance}`,
  lease: (instance: string) => `${SLOT}:instance:${instance}`,
  /** Set of instance ids that may own a processing list. */
  instances: `${SLOT}:instances`,
  dead: `${SLOT}:dead`,
  inbox: (ext: string) => `teleforge:agent:{${ext}}:inbox`,
  seen: (ext: string, itemSha256: string) => `teleforge:agent:{${ext}}:seen:${itemSha256}`,
  /** Sorted set ext -> last park time (ms): the inboxes the sweeper must trim. */
  inboxes: 'teleforge:bridge:inboxes',
  /** Pub/sub channel: message = an ext whose inbox has something new. */
  wake: 'teleforge:bridge:wake',
} as const;

/**
 * The inbox ids already handed to the screen pop, so an entry the bridge sends again (a reconnect
 * before our ack reached it) is acked again and not shown twice. Bounded: the oldest ids go first.
 * The bridge's ids increase per agent and it resends only fresh entries (BRIDGE_PARK_SECONDS), so
 * a few hundred cover any realistic burst between two acks.
 */
export class SeenIds {
  private readonly ids = new Set<string>();

  constructor(private readonly max = 500) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    this.ids.delete(id);
    this.ids.add(id);
    while (this.ids.size > this.max) {
      const oldest = this.ids.values().next().value;
      if (oldest === undefined) break;
      this.ids.delete(oldest);
    }
  }

  delete(id: string): void {
    this.ids.delete(id);
  }

  get size(): number {
    return this.ids.size;
  }
}

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The bridge's Prometheus metrics (`GET /metrics`), one registry per process. */
export interface BridgeMetrics {
  registry: Registry;
  taken: Counter;
  parked: Counter;
  duplicates: Counter;
  delivered: Counter;
  acked: Counter;
  missed: Counter;
  deadLettered: Counter;
  decodeErrors: Counter;
  recovered: Counter;
  badTokens: Counter<'reason'>;
  badFrames: Counter;
  agentsConnected: Gauge;
  connections: Gauge;
  deliveryLatency: Histogram;
}

export function createMetrics(deps: { queueLength: () => Promise<number> }): BridgeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'bridge_' });
  const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] });
  // Read from Redis at scrape time, so it is right whichever instance is scraped.
  new Gauge({
    name: 'bridge_queue_length',
    help: 'Items waiting in enigma:notifications:inbound',
    registers: [registry],
    async collect() {
      try {
        this.set(await deps.queueLength());
      } catch {
        // Redis down: /healthz says so; the gauge keeps its last value.
      }
    },
  });
  return {
    registry,
    taken: counter('bridge_notifications_taken_total', 'Items taken from enigma:notifications:inbound'),
    parked: counter('bridge_notifications_parked_total', "Notifications added to an agent's inbox"),
    duplicates: counter('bridge_notifications_duplicate_total', 'Items taken again after a crash and not parked twice'),
    delivered: counter('bridge_notifications_delivered_total', 'Call frames sent to agent connections'),
    acked: counter('bridge_notifications_acked_total', 'Notifications acked by an extension'),
    missed: counter('bridge_notifications_missed_total', 'Notifications that expired unacked (BRIDGE_PARK_SECONDS)'),
    deadLettered: counter('bridge_notifications_dead_lettered_total', 'Items moved to the dead-letter list'),
    decodeErrors: counter('bridge_decode_errors_total', 'Items the decoder refused'),
    recovered: counter('bridge_notifications_recovered_total', "Items taken over from a dead instance's processing list"),
    badTokens: new Counter({ name: 'bridge_bad_tokens_total', help: 'Refused tokens', labelNames: ['reason'], registers: [registry] }),
    badFrames: counter('bridge_bad_frames_total', 'Malformed or unknown frames from extensions'),
    agentsConnected: new Gauge({ name: 'bridge_agents_connected', help: 'Agents with at least one connection here', registers: [registry] }),
    connections: new Gauge({ name: 'bridge_connections', help: 'Open agent connections here', registers: [registry] }),
    deliveryLatency: new Histogram({
      name: 'bridge_delivery_latency_seconds',
      help: 'From taking an item from Redis to sending it to a connected agent',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
  };
}

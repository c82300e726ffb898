import client from 'prom-client';

/** The one metrics registry, served as Prometheus text on GET /api/metrics. */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'avatar_pulse_' });

export const webhookRequests = new client.Counter({
  name: 'avatar_pulse_webhook_requests_total',
  help: 'Webhook requests by outcome (stored, duplicate, or the refusal code)',
  labelNames: ['result'] as const,
  registers: [registry],
});

export const eventsProcessed = new client.Counter({
  name: 'avatar_pulse_events_processed_total',
  help: 'Stored events processed, by type and outcome (processed, failed, dead)',
  labelNames: ['type', 'outcome'] as const,
  registers: [registry],
});

export const processingLag = new client.Histogram({
  name: 'avatar_pulse_processing_lag_seconds',
  help: 'Time from receipt of a webhook to the end of its processing',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const socketClients = new client.Gauge({
  name: 'avatar_pulse_socket_clients',
  help: 'Connected dashboard sockets',
  registers: [registry],
});

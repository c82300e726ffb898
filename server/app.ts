import http from 'node:http';
import type { Duplex } from 'node:stream';
import next from 'next';
import type { Config } from './config';
import { AlertEngine } from './alerts/engine';
import { Notifier } from './alerts/notify';
import { alertPolicyFromConfig, capacityLimitsFromConfig } from './alerts/policy-config';
import { ensureFirstAdmin } from './auth/bootstrap';
import { createSignInThrottle } from './auth/throttle';
import { openDatabase, type Database } from './db/client';
import { migrate } from './db/migrate';
import { getCapacity } from './db/queries/getCapacity';
import { getMetricSeries } from './db/queries/getMetricSeries';
import { clientAddress } from './http/address';
import { gate } from './http/gate';
import { requestContext } from './http/request-context';
import { sendError, sendJson } from './http/respond';
import { applySecurityHeaders } from './http/security-headers';
import { webhookGuardFromConfig } from './ingest/guard';
import { createIngestHandler } from './ingest/handler';
import { resolveVerification, type ResolvedVerification } from './ingest/settings';
import { EventStore } from './ingest/store';
import { safeEqual } from './ingest/verify';
import type { Logger } from './logger';
import { registry as metricsRegistry } from './metrics';
import { APP_ROOT } from './paths';
import { SessionLifecycle } from './processing/lifecycle-sweep';
import { Processor } from './processing/processor';
import { MetricBucketJobs } from './processing/rollup';
import { RetentionJob } from './processing/retention';
import { lifecyclePolicy } from './processing/session-lifecycle';
import { RealtimeHub } from './realtime/hub';
import { setRegistry } from './registry';

/**
 * The custom server: one HTTP server that answers webhooks, health and metrics itself (the hot
 * path never enters Next.js), carries Socket.IO, and hands every other request to Next.
 */

export const WEBHOOK_PATHS = new Set(['/api/webhooks', '/webhook']);

export interface PulseServer {
  httpServer: http.Server;
  /** whether the first admin still has to be created on /setup */
  firstAdmin: Awaited<ReturnType<typeof ensureFirstAdmin>>;
  db: Database;
  verification: ResolvedVerification;
  url: string;
  close(): Promise<void>;
}

export async function startPulseServer(config: Config, logger: Logger): Promise<PulseServer> {
  const verification = resolveVerification(config);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolSize: config.DATABASE_POOL_SIZE });
  try {
    const applied = await migrate(db);
    if (applied.length) logger.info({ applied }, 'database migrations applied');
  } catch (err) {
    await db.close();
    throw err;
  }

  const firstAdmin = await ensureFirstAdmin(config, db, logger);
  const allowedOrigins = [...config.ALLOWED_ORIGINS, ...(config.PUBLIC_URL ? [config.PUBLIC_URL] : [])];

  const nextApp = next({ dev: config.dev, dir: APP_ROOT, hostname: config.HOST, port: config.PORT });
  await nextApp.prepare();
  const nextHandler = nextApp.getRequestHandler();
  const nextUpgrade = nextApp.getUpgradeHandler();

  const store = new EventStore(db);
  let inFlight = 0;
  const ingest = createIngestHandler({
    verification: verification.settings,
    guard: webhookGuardFromConfig(config, (err) => logger.error({ err: (err as Error).message }, 'webhook rate limiter failed; request let through')),
    store,
    maxBodyBytes: config.WEBHOOK_MAX_BODY,
    logger,
    onStored: (id) => processor.enqueue(id),
  });

  const httpServer = http.createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (WEBHOOK_PATHS.has(pathname)) {
      inFlight++;
      res.on('close', () => inFlight--);
      ingest(req, res).catch((err: Error) => {
        logger.error({ err: err.message }, 'webhook handler crashed');
        if (!res.headersSent) sendError(res, 500, 'internal', 'internal error; the event was not stored');
      });
      return;
    }
    const secure = isSecure(req);
    applySecurityHeaders(req, res, { dev: config.dev, secure });
    if (pathname === '/api/health' && req.method === 'GET') return void health(res);
    if (pathname === '/api/metrics' && req.method === 'GET') return void metrics(req, res);
    // Everything else is Next.js (pages and the operator API), behind the sign-in gate.
    gate(req, res, pathname, { db, allowedOrigins, ip: clientAddress(req, config.TRUST_PROXY), secure })
      .then((ctx) => ctx && requestContext.run(ctx, () => nextHandler(req, res)))
      .catch((err: Error) => {
        logger.error({ err: err.message, path: pathname }, 'request failed');
        if (!res.headersSent) sendError(res, 503, 'unavailable', 'the dashboard cannot reach its database; retry shortly', { 'retry-after': '5' });
      });
  });
  httpServer.keepAliveTimeout = 65_000;

  const hub = new RealtimeHub(httpServer, { db, logger, allowedOrigins });
  // Notification links point at PUBLIC_URL, or at this server once it listens.
  const notifier = new Notifier({
    db,
    logger,
    publicUrl: () => {
      const address = httpServer.address();
      return config.PUBLIC_URL ?? `http://localhost:${typeof address === 'object' && address ? address.port : config.PORT}`;
    },
  });
  const alerts = new AlertEngine({
    db,
    logger,
    policy: alertPolicyFromConfig(config),
    publish: (alert, opened) => hub.publishAlert(alert, opened),
    notify: (alert, kind) => notifier.notify(alert, kind),
  });
  const lifecycle = new SessionLifecycle({
    db,
    logger,
    policy: lifecyclePolicy(config.SESSION_IDLE_MINUTES, config.SESSION_CLOSE_MINUTES),
    publishSession: (summary) => hub.publishSession(summary),
    sessionEnded: (sessionId) => alerts.sessionEnded(sessionId),
    alertsSettled: () => alerts.idle(),
  });
  const retention = new RetentionJob({ db, logger, policy: { rawDays: config.RETENTION_RAW_DAYS, aggregateDays: config.RETENTION_AGGREGATE_DAYS } });
  const processor = new Processor({
    db,
    logger,
    maxAttempts: config.PROCESSING_MAX_ATTEMPTS,
    publish: (row, effects) => {
      hub.publish(row, effects);
      alerts.observe(row, effects);
      lifecycle.observe(effects);
    },
  });
  const signInThrottle = createSignInThrottle({ maxFailures: config.SIGNIN_MAX_FAILURES, windowSeconds: config.SIGNIN_WINDOW_SECONDS });
  setRegistry({ config, db, hub, processor, alerts, notifier, signInThrottle, lifecycle, retention });

  // Socket.IO answers its own upgrades; the rest (Next's dev HMR) go to Next.
  httpServer.on('upgrade', (req, socket: Duplex, head) => {
    if (!req.url?.startsWith('/socket.io/')) void nextUpgrade(req, socket, head);
  });

  async function health(res: http.ServerResponse) {
    try {
      await db.query('SELECT 1');
      sendJson(res, 200, { status: 'ok', database: { kind: db.kind, reachable: true }, uptimeSeconds: Math.round(process.uptime()) });
    } catch (err) {
      sendJson(res, 503, { status: 'degraded', database: { kind: db.kind, reachable: false, error: (err as Error).message } }, { 'retry-after': '5' });
    }
  }

  /** Behind a TLS-terminating proxy only when TRUST_PROXY says its headers can be believed. */
  function isSecure(req: http.IncomingMessage): boolean {
    if ((req.socket as { encrypted?: boolean }).encrypted) return true;
    return config.TRUST_PROXY > 0 && String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() === 'https';
  }

  async function metrics(req: http.IncomingMessage, res: http.ServerResponse) {
    if (config.METRICS_TOKEN) {
      const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!safeEqual(given, config.METRICS_TOKEN))
        return sendError(res, 401, 'unauthorized', 'metrics need Authorization: Bearer <METRICS_TOKEN>');
    }
    const text = await metricsRegistry.metrics();
    res.writeHead(200, { 'content-type': metricsRegistry.contentType });
    res.end(text);
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.PORT, config.HOST, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  await processor.start(config.PROCESSING_SWEEP_SECONDS);
  await notifier.start();
  alerts.start();
  const metricJobs = new MetricBucketJobs({ db, logger, retentionDays: config.RETENTION_AGGREGATE_DAYS });
  metricJobs.start();
  hub.startMetricsTicks(async () => {
    const now = Date.now();
    const [series, capacity] = await Promise.all([
      getMetricSeries(db, { metrics: ['*'], from: new Date(now - 60_000), to: new Date(now), agent: null, step: 'minute' }),
      getCapacity(db, capacityLimitsFromConfig(config), now),
    ]);
    return { at: new Date(now).toISOString(), points: series.points, capacity };
  });
  lifecycle.start(config.SESSION_SWEEP_SECONDS);
  retention.start();

  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const url = `http://${host}:${port}`;

  let closing: Promise<void> | null = null;
  async function close(): Promise<void> {
    closing ??= (async () => {
      // Stop accepting, let in-flight webhooks finish and their rows commit, drain processing,
      // then close sockets and the database.
      httpServer.close();
      httpServer.closeIdleConnections();
      const deadline = Date.now() + 10_000;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await store.flush();
      await processor.stop();
      await metricJobs.stop();
      await lifecycle.stop();
      await retention.stop();
      await alerts.stop();
      await notifier.stop();
      // Keep-alive connections that went idle after the first sweep would hold close() open for
      // keepAliveTimeout (65 s): everything worth waiting for has finished by now.
      httpServer.closeAllConnections();
      await hub.close();
      await nextApp.close?.();
      setRegistry(undefined);
      await db.close();
    })();
    return closing;
  }

  return { httpServer, firstAdmin, db, verification, url, close };
}

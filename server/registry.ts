import type { AlertEngine } from './alerts/engine';
import type { Notifier } from './alerts/notify';
import type { SignInThrottle } from './auth/throttle';
import type { Config } from './config';
import type { Database } from './db/client';
import type { SessionLifecycle } from './processing/lifecycle-sweep';
import type { Processor } from './processing/processor';
import type { RetentionJob } from './processing/retention';
import type { RealtimeHub } from './realtime/hub';

/**
 * The one place where the custom server hands its long-lived objects to code that Next.js
 * bundles separately (route handlers, server components): a module instance is not shared
 * across bundles, globalThis is.
 */

export interface Registry {
  config: Config;
  db: Database;
  hub: RealtimeHub;
  processor: Processor;
  alerts: AlertEngine;
  notifier: Notifier;
  signInThrottle: SignInThrottle;
  lifecycle: SessionLifecycle;
  retention: RetentionJob;
}

const KEY = Symbol.for('avatar-pulse.registry');
type Holder = { [KEY]?: Registry };

export function setRegistry(registry: Registry | undefined): void {
  (globalThis as Holder)[KEY] = registry;
}

export function getRegistry(): Registry {
  const registry = (globalThis as Holder)[KEY];
  if (!registry) throw new Error('Avatar Pulse server is not running in this process (start it with npm run dev or npm start)');
  return registry;
}

import fs from 'node:fs';
import { startPulseServer } from './app';
import { ConfigError, parseConfig } from './config';
import { DataDirLockedError } from './db/lock';
import { MigrationError } from './db/migrate';
import { VerificationConfigError } from './ingest/settings';
import { logger } from './logger';

/** Entry point for `npm run dev` (tsx) and `npm start` (bundled to dist/server.mjs). */

async function main(): Promise<void> {
  // A .env file in the working directory fills in what the environment does not set.
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = parseConfig();
  logger.level = config.LOG_LEVEL;
  const server = await startPulseServer(config, logger);
  const { settings, devSecret } = server.verification;

  const lines = [
    '',
    `  Avatar Pulse${config.dev ? ' (development)' : ''} on ${config.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${config.dataDir}`}`,
    `  Dashboard:    ${server.url}`,
    `  Webhook URL:  ${config.PUBLIC_URL ?? server.url}/api/webhooks   (paste into bitHuman's webhook settings)`,
  ];
  if (devSecret)
    lines.push(
      `  Signing secret (generated for development, kept in ${devSecret.file}):`,
      `                ${devSecret.secret}`,
      '  Send demo traffic with:  npm run simulate',
    );
  if (server.firstAdmin === 'setup-needed')
    lines.push(`  No account yet: open ${server.url}/setup to create the first admin (or set ADMIN_EMAIL and ADMIN_PASSWORD).`);
  console.log(`${lines.join('\n')}\n`);
  if (settings.allowUnverified)
    logger.warn(
      '!!! WEBHOOK_ALLOW_UNVERIFIED=true: webhooks without a valid signature or token are ACCEPTED. Anyone who can reach this server can inject events. !!!',
    );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server
      .close()
      .then(() => process.exit(0))
      .catch((err: Error) => {
        logger.error({ err: err.message }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: Error) => {
  const known = [ConfigError, DataDirLockedError, MigrationError, VerificationConfigError].some((E) => err instanceof E);
  if (known) console.error(`\nAvatar Pulse cannot start: ${err.message}\n`);
  else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
    console.error(`\nAvatar Pulse cannot start: port ${(err as NodeJS.ErrnoException & { port?: number }).port ?? ''} is in use. Set PORT to another port.\n`);
  else console.error(err);
  process.exit(1);
});

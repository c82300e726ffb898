import pino from 'pino';

/** The one logger. Secrets never go through it: log event ids and reasons, not headers. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: undefined,
  redact: {
    paths: ['*.headers.authorization', '*.headers["x-api-key"]', '*.secret', '*.token', '*.password'],
    censor: '[redacted]',
  },
});

export type Logger = typeof logger;

import type { Config } from '../config';
import type { Database } from '../db/client';
import { countUsers, createUser, findUserByEmail } from '../db/queries/users';
import type { Logger } from '../logger';
import { recordAudit } from './audit';
import { hashPassword } from './passwords';

/**
 * The first admin: from ADMIN_EMAIL and ADMIN_PASSWORD at start-up (created once; an existing
 * account is left as it is, so a restart never resets a password an admin has changed), or, with
 * those unset and no user at all, from the one-time /setup page.
 */
export async function ensureFirstAdmin(config: Config, db: Database, logger: Logger): Promise<'created' | 'exists' | 'setup-needed' | 'ready'> {
  const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = config;
  if (email && password) {
    if (await findUserByEmail(db, email)) return 'exists';
    const user = await createUser(db, { email, role: 'admin', passwordHash: await hashPassword(password) });
    await recordAudit(db, { action: 'user.create', target: user.email, details: { role: 'admin', via: 'ADMIN_EMAIL' } });
    logger.info({ email: user.email }, 'created the first admin from ADMIN_EMAIL');
    return 'created';
  }
  if (email || password) logger.warn('ADMIN_EMAIL and ADMIN_PASSWORD must be set together; ignoring the one that is set');
  return (await countUsers(db)) === 0 ? 'setup-needed' : 'ready';
}

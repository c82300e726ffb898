import type { Role } from '../../../lib/auth';
import type { Database } from '../client';

/** Users as the admin page sees them (never the password hash). */
export interface UserView {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}

const select = { id: true, email: true, name: true, role: true, disabled: true, createdAt: true, lastSignInAt: true } as const;

type Row = { id: string; email: string; name: string | null; role: string; disabled: boolean; createdAt: Date; lastSignInAt: Date | null };

function toView(u: Row): UserView {
  return { ...u, role: u.role as Role, createdAt: u.createdAt.toISOString(), lastSignInAt: u.lastSignInAt?.toISOString() ?? null };
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function listUsers(db: Database): Promise<UserView[]> {
  return (await db.prisma.user.findMany({ select, orderBy: { createdAt: 'asc' } })).map(toView);
}

export async function countUsers(db: Database): Promise<number> {
  return db.prisma.user.count();
}

export async function findUserByEmail(db: Database, email: string) {
  return db.prisma.user.findUnique({ where: { email: normalizeEmail(email) } });
}

export async function createUser(
  db: Database,
  data: { email: string; name?: string | null; role: Role; passwordHash: string },
): Promise<UserView> {
  return toView(
    await db.prisma.user.create({ data: { ...data, email: normalizeEmail(data.email), name: data.name ?? null }, select }),
  );
}

/**
 * Creates the first admin only while no user exists, in one statement, so two setup requests
 * racing each other cannot both succeed.
 */
export async function createFirstAdmin(db: Database, data: { email: string; name?: string | null; passwordHash: string }): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO users (id, email, name, password_hash, role)
     SELECT gen_random_uuid()::text, $1, $2, $3, 'admin'
     WHERE NOT EXISTS (SELECT 1 FROM users) RETURNING id`,
    [normalizeEmail(data.email), data.name ?? null, data.passwordHash],
  );
  return rows.length === 1;
}

export async function updateUser(
  db: Database,
  id: string,
  data: { name?: string | null; role?: Role; disabled?: boolean; passwordHash?: string },
): Promise<UserView | null> {
  const found = await db.prisma.user.findUnique({ where: { id }, select: { id: true } });
  if (!found) return null;
  return toView(
    await db.prisma.user.update({
      where: { id },
      data: { ...data, ...(data.passwordHash ? { passwordChangedAt: new Date() } : {}) },
      select,
    }),
  );
}

export async function countActiveAdmins(db: Database): Promise<number> {
  return db.prisma.user.count({ where: { role: 'admin', disabled: false } });
}

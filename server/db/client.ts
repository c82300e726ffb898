import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client.ts';
import { lockDataDir } from './lock';

/**
 * One database handle for the whole process: the typed Prisma client for everything, and a
 * raw SQL door for the migrator and the ingest hot path (batched inserts). PGlite in DATA_DIR
 * by default, PostgreSQL when DATABASE_URL is set; the same schema and migrations serve both.
 */

export interface SqlRunner {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** several statements, no parameters (migrations) */
  exec(sql: string): Promise<void>;
}

export interface Database extends SqlRunner {
  kind: 'pglite' | 'postgres';
  prisma: PrismaClient;
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** What read queries need: the Prisma client or a transaction of it. */
export type Reader = Pick<PrismaClient, 'session' | 'message' | 'agent' | 'webhookEvent' | 'alert'>;

/**
 * Runs several reads against one consistent snapshot (REPEATABLE READ), so a snapshot or a sync
 * answer never mixes rows from before and after a processing batch committed.
 */
export function readConsistently<T>(db: Pick<Database, 'prisma'>, fn: (reader: Reader) => Promise<T>): Promise<T> {
  return db.prisma.$transaction((tx) => fn(tx), { isolationLevel: 'RepeatableRead' });
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize ?? 10) : openPGlite(opts.dataDir);
}

async function openPGlite(dataDir: string): Promise<Database> {
  const unlock = lockDataDir(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create(path.join(dataDir, 'pglite'));
  } catch (err) {
    unlock();
    throw err;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  const runner = (q: Pick<PGlite, 'query' | 'exec'>): SqlRunner => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return (await q.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    prisma,
    ...runner(db),
    transaction: (fn) => db.transaction((tx) => fn(runner(tx))),
    async close() {
      await prisma.$disconnect().catch(() => {});
      await db.close().catch(() => {});
      unlock();
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its connection emits 'error'; without a listener that kills the process.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const runner = (q: Pick<pg.Pool | pg.PoolClient, 'query'>): SqlRunner => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return (await q.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  return {
    kind: 'postgres',
    prisma,
    ...runner(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(runner(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await prisma.$disconnect().catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}

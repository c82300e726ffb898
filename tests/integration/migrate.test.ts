import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client';
import { migrate, MigrationError, readMigrations } from '../../server/db/migrate';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../helpers/postgres';

/**
 * server/db/migrate.ts: applies prisma/migrations in order and records them in _prisma_migrations
 * the way `prisma migrate deploy` does, refuses edited history, picks up new migrations on the next
 * start, and serializes concurrent starts on PostgreSQL with Prisma's advisory lock.
 */

const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
/** The advisory lock id of Prisma's migrate: holding it must make our migrator wait too. */
const PRISMA_MIGRATE_LOCK = 72707369;

/** Migration names and file checksums computed here, independently of readMigrations(). */
function migrationFiles(dir: string): { name: string; checksum: string }[] {
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, 'migration.sql')))
    .sort()
    .map((name) => ({
      name,
      checksum: createHash('sha256').update(fs.readFileSync(path.join(dir, name, 'migration.sql'))).digest('hex'),
    }));
}

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}

const rows = (db: Database) =>
  db.query<MigrationRow>('SELECT * FROM "_prisma_migrations" ORDER BY migration_name, started_at');

const tableExists = async (db: Database, table: string) =>
  (await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]))[0]!.t !== null;

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A PGlite database in a new temp dir, closed after all tests. */
async function freshPGlite(dataDir = tempDir('pulse-migrate-')): Promise<Database> {
  const db = await openDatabase({ dataDir });
  cleanups.push(() => db.close());
  return db;
}

/** A private copy of prisma/migrations that a test may edit. */
function copyOfMigrations(): string {
  const dir = tempDir('pulse-migrations-');
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

const files = migrationFiles(MIGRATIONS_DIR);

describe('migrate() on a fresh PGlite database', () => {
  let db: Database;
  let applied: string[];

  beforeAll(async () => {
    db = await freshPGlite();
    applied = await migrate(db, readMigrations(MIGRATIONS_DIR));
  });

  it('applies every migration, in name order', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(applied).toEqual(files.map((f) => f.name));
  });

  it('records each one in _prisma_migrations like prisma migrate deploy (sha256 checksum, finished, 1 step)', async () => {
    const recorded = await rows(db);
    expect(recorded.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, r] of recorded.entries()) {
      expect(r.checksum, r.migration_name).toBe(files[i]!.checksum);
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.finished_at!.getTime()).toBeGreaterThanOrEqual(r.started_at.getTime());
      expect(r.applied_steps_count).toBe(1);
      expect(r.rolled_back_at).toBeNull();
      expect(r.logs).toBeNull();
    }
  });

  it('creates _prisma_migrations with the columns Prisma itself creates', async () => {
    const columns = await db.query<{ column_name: string; data_type: string; len: number | null; is_nullable: string }>(
      `SELECT column_name::text, data_type::text, character_maximum_length::int AS len, is_nullable::text
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => `${c.column_name} ${c.data_type}${c.len ? `(${c.len})` : ''} ${c.is_nullable === 'YES' ? 'NULL' : 'NOT NULL'}`)).toEqual([
      'id character varying(36) NOT NULL',
      'checksum character varying(64) NOT NULL',
      'finished_at timestamp with time zone NULL',
      'migration_name character varying(255) NOT NULL',
      'logs text NULL',
      'rolled_back_at timestamp with time zone NULL',
      'started_at timestamp with time zone NOT NULL',
      'applied_steps_count integer NOT NULL',
    ]);
  });

  it('applies nothing when run again', async () => {
    const before = await rows(db);
    expect(await migrate(db, readMigrations(MIGRATIONS_DIR))).toEqual([]);
    expect(await rows(db)).toEqual(before);
  });
});

describe('migrate() with a changed migration history (temp copy of prisma/migrations)', () => {
  it('throws a clear error when an applied migration file was changed afterwards', async () => {
    const dir = copyOfMigrations();
    const db = await freshPGlite();
    await migrate(db, readMigrations(dir));
    const before = await rows(db);

    const edited = files[0]!.name;
    fs.appendFileSync(path.join(dir, edited, 'migration.sql'), '\n-- edited after being applied\n');
    const run = migrate(db, readMigrations(dir));
    await expect(run).rejects.toBeInstanceOf(MigrationError);
    await expect(run).rejects.toThrow(`migration ${edited} was changed after it was applied`);
    await expect(run).rejects.toThrow(/add a new migration instead/);
    expect(await rows(db)).toEqual(before);
  });

  it('applies a migration added later on the next start, and only that one', async () => {
    const dir = copyOfMigrations();
    const dataDir = tempDir('pulse-migrate-later-');
    const first = await openDatabase({ dataDir });
    try {
      await migrate(first, readMigrations(dir));
    } finally {
      await first.close();
    }

    const added = '29991231000000_add_probe';
    fs.mkdirSync(path.join(dir, added));
    const sql = 'CREATE TABLE "migrate_probe" ("id" INTEGER NOT NULL PRIMARY KEY);\n';
    fs.writeFileSync(path.join(dir, added, 'migration.sql'), sql);

    const db = await freshPGlite(dataDir); // the next start, same data directory
    const before = await rows(db);
    expect(before.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    expect(await migrate(db, readMigrations(dir))).toEqual([added]);
    expect(await tableExists(db, 'migrate_probe')).toBe(true);
    const after = await rows(db);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.at(-1)).toMatchObject({
      migration_name: added,
      checksum: createHash('sha256').update(sql).digest('hex'),
      applied_steps_count: 1,
    });
    expect(after.at(-1)!.finished_at).toBeInstanceOf(Date);
  });

  it('leaves nothing behind when a migration fails, and applies it once fixed', async () => {
    const dir = copyOfMigrations();
    const db = await freshPGlite();
    await migrate(db, readMigrations(dir));
    const broken = '29991231000000_broken';
    fs.mkdirSync(path.join(dir, broken));
    const file = path.join(dir, broken, 'migration.sql');
    fs.writeFileSync(file, 'CREATE TABLE "half_done" ("id" INTEGER);\nSELECT * FROM "no_such_table";\n');
    await expect(migrate(db, readMigrations(dir))).rejects.toThrow(/no_such_table/);
    expect(await tableExists(db, 'half_done')).toBe(false);
    expect((await rows(db)).map((r) => r.migration_name)).not.toContain(broken);

    fs.writeFileSync(file, 'CREATE TABLE "half_done" ("id" INTEGER);\n');
    expect(await migrate(db, readMigrations(dir))).toEqual([broken]);
    expect(await tableExists(db, 'half_done')).toBe(true);
  });

  it('refuses to go on after a migration that started but never finished (as a failed prisma migrate deploy leaves it)', async () => {
    const db = await freshPGlite();
    await migrate(db, readMigrations(MIGRATIONS_DIR));
    const failed = '29991231000000_failed_elsewhere';
    await db.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, logs)
       VALUES ('00000000-0000-4000-8000-000000000000', $1, $2, now(), 'failed')`,
      ['0'.repeat(64), failed],
    );
    const migrations = [...readMigrations(MIGRATIONS_DIR), { name: failed, sql: 'SELECT 1;', checksum: '0'.repeat(64) }];
    await expect(migrate(db, migrations)).rejects.toThrow(`migration ${failed} started but never finished`);
  });
});

const pgReady = await postgresAvailable();

describe.skipIf(!pgReady)('migrate() on PostgreSQL', () => {
  const databases: TestDatabase[] = [];
  const handles: Database[] = [];
  afterAll(async () => {
    for (const db of handles) await db.close();
    for (const t of databases) await t.drop();
  });

  /** Two independent handles (two pools, like two server processes) on one new database. */
  async function twoNodes(): Promise<{ url: string; a: Database; b: Database }> {
    const t = (await createTestDatabase())!;
    databases.push(t);
    const dataDir = tempDir('pulse-migrate-pg-');
    const a = await openDatabase({ databaseUrl: t.url, dataDir, poolSize: 2 });
    handles.push(a);
    const b = await openDatabase({ databaseUrl: t.url, dataDir, poolSize: 2 });
    handles.push(b);
    return { url: t.url, a, b };
  }

  async function expectEachAppliedOnce(db: Database, results: string[][]) {
    const names = files.map((f) => f.name);
    expect(results.flat().sort()).toEqual(names);
    expect(results.some((r) => r.length === 0)).toBe(true);
    const recorded = await rows(db);
    expect(recorded.map((r) => r.migration_name)).toEqual(names);
    expect(recorded.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).toBe(true);
  }

  it('two migrate() calls started at once on the same database both succeed and apply each migration once', async () => {
    const { a, b } = await twoNodes();
    const results = await Promise.all([migrate(a, readMigrations(MIGRATIONS_DIR)), migrate(b, readMigrations(MIGRATIONS_DIR))]);
    await expectEachAppliedOnce(a, results);
  });

  it('waits for the advisory lock prisma migrate uses, then applies each migration once', async () => {
    const { url, a, b } = await twoNodes();
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
      const running = [migrate(a, readMigrations(MIGRATIONS_DIR)), migrate(b, readMigrations(MIGRATIONS_DIR))];
      running.forEach((p) => p.catch(() => {})); // awaited below; no unhandled rejection meanwhile

      // Both must be queued behind the lock before it is released, so they really contend.
      const deadline = Date.now() + 10_000;
      let waiting = 0;
      while (Date.now() < deadline) {
        const r = await holder.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND objid = $1
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          [PRISMA_MIGRATE_LOCK],
        );
        waiting = r.rows[0]!.n;
        if (waiting >= 2) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(waiting, `migrate() calls waiting on advisory lock ${PRISMA_MIGRATE_LOCK}`).toBe(2);
      expect((await holder.query(`SELECT to_regclass('_prisma_migrations')::text AS t`)).rows[0].t).toBeNull();

      await holder.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]);
      await expectEachAppliedOnce(a, await Promise.all(running));
    } finally {
      await holder.end();
    }
  });
});

import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Throwaway PostgreSQL databases for integration tests.
 *
 * The server is TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/postgres: a
 * connection allowed to CREATE DATABASE (never the app's DATABASE_URL, so a test cannot touch a
 * real database by accident). Each createTestDatabase() makes `pulse_test_<random>` and drop()
 * removes it again (DROP ... WITH (FORCE), PostgreSQL 13+).
 *
 * A developer machine may have no PostgreSQL: then postgresAvailable() is false, tests skip and a
 * warning says why. With CI=true an unreachable server is an error instead, so the run fails.
 *
 *   const pgReady = await postgresAvailable();
 *   describe.skipIf(!pgReady)('on PostgreSQL', () => {
 *     let testDb: TestDatabase;
 *     beforeAll(async () => { testDb = (await createTestDatabase())!; });
 *     afterAll(async () => { await testDb?.drop(); });
 *     ...
 *   });
 */

export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** connection string of the new, empty database */
  url: string;
  name: string;
  /** drops the database, closing connections still open on it */
  drop(): Promise<void>;
}

let probe: Promise<string | null> | undefined;

/** null when the server answers, else why it does not. Probed once per test file (worker). */
function probeServer(): Promise<string | null> {
  probe ??= (async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      return null;
    } catch (err) {
      return (err as Error).message || String(err);
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return probe;
}

/**
 * Whether PostgreSQL tests can run. false (with a console.warn) when the server is unreachable;
 * throws instead when process.env.CI === 'true', which fails the test file and the run.
 */
export async function postgresAvailable(): Promise<boolean> {
  const problem = await probeServer();
  if (problem === null) return true;
  const where = ADMIN_URL.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@'); // no password in logs
  if (process.env.CI === 'true')
    throw new Error(`PostgreSQL is required in CI but ${where} is unreachable: ${problem}`);
  console.warn(
    `[tests] SKIPPING PostgreSQL tests: ${where} is unreachable (${problem}). ` +
      'Start PostgreSQL or set TEST_POSTGRES_URL to run them (with CI=true this is an error).',
  );
  return false;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A new empty database, or null when PostgreSQL is unavailable outside CI (see postgresAvailable). */
export async function createTestDatabase(): Promise<TestDatabase | null> {
  if (!(await postgresAvailable())) return null;
  const name = `pulse_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  let dropped = false;
  return {
    name,
    url: withDatabase(ADMIN_URL, name),
    async drop() {
      if (dropped) return;
      dropped = true;
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

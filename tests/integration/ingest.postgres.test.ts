import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversation } from '../helpers/fixtures';
import { createTestDatabase, postgresAvailable, ADMIN_URL, type TestDatabase } from '../helpers/postgres';
import { startServer, type TestServer } from '../helpers/server';
import { ingestSuite } from './ingest-suite';

const pgReady = await postgresAvailable();
const databases: TestDatabase[] = [];

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe.skipIf(!pgReady)('on PostgreSQL', () => {
  afterAll(async () => {
    for (const d of databases) await d.drop();
  });

  ingestSuite('ingest on PostgreSQL', async () => {
    const db = (await createTestDatabase())!;
    databases.push(db);
    return { databaseUrl: db.url };
  });

  describe('when the database goes away', () => {
    let server: TestServer;
    let db: TestDatabase;
    beforeAll(async () => {
      db = (await createTestDatabase())!;
      databases.push(db);
      server = await startServer({ databaseUrl: db.url });
    });
    afterAll(async () => {
      await adminQuery(`ALTER DATABASE "${db.name}" WITH ALLOW_CONNECTIONS true`).catch(() => {});
      await server?.stop();
    });

    it('answers 503 with Retry-After, stores nothing, and accepts again once it is back', async () => {
      const c = conversation();
      expect((await server.post(c.join)).status).toBe(200);

      await adminQuery(`ALTER DATABASE "${db.name}" WITH ALLOW_CONNECTIONS false`);
      await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}' AND pid <> pg_backend_pid()`);
      const refused = await server.post(c.user('lost in the outage?'));
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect((await refused.json()).error).toMatchObject({ code: 'storage_unavailable', message: expect.stringMatching(/could not be stored/) });
      expect((await fetch(`${server.url}/api/health`)).status).toBe(503);

      await adminQuery(`ALTER DATABASE "${db.name}" WITH ALLOW_CONNECTIONS true`);
      const accepted = await server.post(c.user('after the outage'));
      expect(accepted.status).toBe(200);
      const { body } = await server.getJson(`/api/events?session=${c.sessionId}`);
      expect(body.events.map((e: { summary: string }) => e.summary).sort()).toEqual(['User: after the outage', 'joined support-room · 2 participants']);
    });
  });
});

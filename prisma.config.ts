import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI (generate, and migrate where its schema engine is available).
// The app itself connects through driver adapters in server/db/client.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/avatar_pulse' },
});

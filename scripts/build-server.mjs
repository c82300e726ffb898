// Bundles the custom server (server/main.ts and everything it imports, including the generated
// Prisma client) into dist/server.mjs for `npm start`. Packages stay external: node resolves
// them from node_modules at run time.
import { build } from 'esbuild';

await build({
  entryPoints: ['server/main.ts'],
  outfile: 'dist/server.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
console.log('built dist/server.mjs');

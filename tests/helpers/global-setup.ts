import fs from 'node:fs';

/** Integration and browser tests spawn the production build; `npm test` builds it first. */
export default function setup(): void {
  const missing = ['dist/server.mjs', '.next/BUILD_ID'].filter((f) => !fs.existsSync(f));
  if (missing.length > 0 && !process.env.VITEST_UNIT_ONLY)
    throw new Error(`missing ${missing.join(', ')}: run \`npm run build\` first (\`npm test\` does it)`);
}

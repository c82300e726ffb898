import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypeScript from 'eslint-config-next/typescript';

/** ESLint 9 flat config: Next.js rules (React, hooks, a11y, Core Web Vitals) plus typescript-eslint. */
const config = [
  {
    ignores: ['.next/', 'dist/', 'node_modules/', 'server/db/generated/', 'data/', 'next-env.d.ts'],
  },
  ...nextCoreWebVitals,
  ...nextTypeScript,
  {
    // Tests read untyped JSON answers from the server; `any` there is the honest type.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
];

export default config;

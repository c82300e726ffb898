/** Builds "($1, $2), ($3, $4)" for a multi-row statement, appending the values to params. */
export function valuesList(rows: unknown[][], params: unknown[], casts: string[] = []): string {
  return rows
    .map((values) => {
      const start = params.length;
      params.push(...values);
      return `(${values.map((_, i) => `$${start + i + 1}${casts[i] ?? ''}`).join(', ')})`;
    })
    .join(', ');
}

/** bigint columns come back as bigint (PGlite) or string (pg): one shape for both. */
export const toBigInt = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(v as string | number));

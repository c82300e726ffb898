import { z } from 'zod';

/**
 * The operator API's one way to answer (Next.js route handlers): parse the query with a zod
 * contract, answer JSON, and every error as { error: { code, message } } with its status.
 */

export function json(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(body, { ...init, headers: { 'cache-control': 'no-store', ...init.headers } });
}

export function apiError(status: number, code: string, message: string): Response {
  return json({ error: { code, message } }, { status });
}

export const badRequest = (message: string) => apiError(400, 'bad_request', message);
export const notFound = (message: string) => apiError(404, 'not_found', message);

export function parseQuery<T extends z.ZodType>(
  request: Request,
  schema: T,
): { query: z.infer<T>; error?: undefined } | { query?: undefined; error: Response } {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
  if (parsed.success) return { query: parsed.data };
  const issue = parsed.error.issues[0];
  return { error: badRequest(`${issue.path.join('.') || 'query'}: ${issue.message}`) };
}

import { z } from 'zod';

/**
 * The dashboard's one way to call the operator API from the browser: relative URLs (same origin,
 * so the browser sends our Origin and the cookie), JSON in, JSON out, and every failure as the
 * server's { error: { code, message } } or a network error in the same shape.
 */

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; code: string; message: string };

const apiErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export async function callApi<T>(
  path: string,
  schema: z.ZodType<T>,
  init: { method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'; body?: unknown } = {},
): Promise<ApiResult<T>> {
  if (!path.startsWith('/') || path.startsWith('//')) throw new Error(`callApi takes a path on this origin, not ${path}`);
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, status: 0, code: 'network', message: 'could not reach the server; check the connection and try again' };
  }
  const payload: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = apiErrorBody.safeParse(payload);
    return parsed.success
      ? { ok: false, status: res.status, ...parsed.data.error }
      : { ok: false, status: res.status, code: 'http_error', message: `the server answered ${res.status}` };
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) return { ok: false, status: res.status, code: 'bad_response', message: 'the server sent an answer this page does not understand' };
  return { ok: true, status: res.status, data: parsed.data };
}

/** The server's messages are lower-case phrases ("email or password is wrong"); shown alone, they read as sentences. */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

import { z } from 'zod';
import { can, type Permission } from '../../lib/auth';
import type { SignedIn } from '../auth/sessions';
import { requestContext } from './request-context';

/**
 * The operator API's one way to answer (Next.js route handlers): check who is asking, parse the
 * input with a zod contract, answer JSON, and every error as { error: { code, message } }.
 */

export function json(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(body, { ...init, headers: { 'cache-control': 'no-store', ...init.headers } });
}

export function apiError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return json({ error: { code, message } }, { status, headers });
}

export const badRequest = (message: string) => apiError(400, 'bad_request', message);
export const notFound = (message: string) => apiError(404, 'not_found', message);

export interface Caller extends SignedIn {
  ip: string | undefined;
  secure: boolean;
}

/**
 * The signed-in caller if their role has `permission`: the custom server's gate validated the
 * session before Next.js saw the request; this checks the role.
 */
export function authorize(permission: Permission): { caller: Caller; error?: undefined } | { caller?: undefined; error: Response } {
  const ctx = requestContext.getStore();
  if (!ctx?.signedIn) return { error: apiError(401, 'unauthenticated', 'sign in first') };
  if (!can(ctx.signedIn.user.role, permission))
    return { error: apiError(403, 'forbidden', `your role (${ctx.signedIn.user.role}) may not do this`) };
  return { caller: { ...ctx.signedIn, ip: ctx.ip, secure: ctx.secure } };
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join('.') || 'input'}: ${issue.message}`;
}

export function parseQuery<T extends z.ZodType>(
  request: Request,
  schema: T,
): { query: z.infer<T>; error?: undefined } | { query?: undefined; error: Response } {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
  return parsed.success ? { query: parsed.data } : { error: badRequest(describe(parsed.error)) };
}

export async function parseBody<T extends z.ZodType>(
  request: Request,
  schema: T,
): Promise<{ body: z.infer<T>; error?: undefined } | { body?: undefined; error: Response }> {
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    return { error: badRequest('body must be JSON') };
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { body: parsed.data } : { error: badRequest(describe(parsed.error)) };
}

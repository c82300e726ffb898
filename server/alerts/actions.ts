import { z } from 'zod';
import { recordAudit } from '../auth/audit';
import { apiError, authorize, json, notFound, parseBody } from '../http/api';
import { getRegistry } from '../registry';
import { isAlertActionError } from './engine';

/**
 * The operator's alert actions as one route handler factory: each checks the role, validates the
 * body, runs the action through the engine's queue, writes the audit log, and answers the alert
 * as it now is (409 when the action does not apply to its state).
 */

const schemas = {
  acknowledge: z.object({ note: z.string().trim().max(2000).optional() }),
  resolve: z.object({ reason: z.string().trim().max(2000).optional() }),
  snooze: z
    .object({ minutes: z.number().int().min(1).max(7 * 24 * 60).optional(), until: z.iso.datetime({ offset: true }).optional() })
    .refine((b) => (b.minutes === undefined) !== (b.until === undefined), 'give either minutes or until'),
} as const;

export function alertAction(kind: keyof typeof schemas) {
  return async function POST(request: Request, ctx: { params: Promise<{ id: string }> }) {
    const { caller, error } = authorize('operate');
    if (error) return error;
    const { id } = await ctx.params;
    if (!/^\d{1,15}$/.test(id)) return notFound(`no alert with id ${JSON.stringify(id)}`);
    const { body, error: invalid } = await parseBody(request, schemas[kind] as z.ZodType<Record<string, unknown>>);
    if (invalid) return invalid;
    const { alerts, db } = getRegistry();
    const by = caller.user.email;
    try {
      const alert = await alerts.act(
        Number(id),
        kind === 'acknowledge'
          ? { kind, by, note: body.note as string | undefined }
          : kind === 'resolve'
            ? { kind, by, reason: body.reason as string | undefined }
            : { kind, until: body.until ? new Date(body.until as string) : new Date(Date.now() + (body.minutes as number) * 60_000) },
      );
      await recordAudit(db, { actor: caller.user, action: `alert.${kind}`, target: `alert:${id}`, details: { ...body, title: alert.title }, ip: caller.ip });
      return json({ alert });
    } catch (err) {
      if (!isAlertActionError(err)) throw err;
      if (err.message.startsWith('no alert')) return notFound(err.message);
      return apiError(409, 'invalid_transition', err.message);
    }
  };
}

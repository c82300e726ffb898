import { z } from 'zod';

/** Zod shapes of the wire types in lib/realtime.ts that the dashboard reads from the HTTP API. */

export const sessionSummaryShape = {
  id: z.string(),
  agentId: z.string().nullable(),
  roomName: z.string().nullable(),
  participantCount: z.number(),
  status: z.enum(['active', 'idle', 'ended']),
  startedAt: z.string(),
  lastActivityAt: z.string(),
  endedAt: z.string().nullable(),
  messageCount: z.number(),
  userMessageCount: z.number(),
  avatarMessageCount: z.number(),
  seq: z.number(),
  escalatedAt: z.string().nullable(),
  escalatedBy: z.string().nullable(),
};

export const sessionSummarySchema = z.object(sessionSummaryShape);

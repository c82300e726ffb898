import type { HistorySession } from '../../lib/history';
import type { ExportedEvent } from '../db/queries/exportEvents';
import type { ExportColumn } from './csv';

/** The columns of the exports, in order: CSV headers and NDJSON keys alike. */

export const SESSION_EXPORT_COLUMNS: readonly ExportColumn<HistorySession>[] = [
  { name: 'id', value: (s) => s.id },
  { name: 'agentId', value: (s) => s.agentId },
  { name: 'roomName', value: (s) => s.roomName },
  { name: 'status', value: (s) => s.status },
  { name: 'startedAt', value: (s) => s.startedAt },
  { name: 'lastActivityAt', value: (s) => s.lastActivityAt },
  { name: 'endedAt', value: (s) => s.endedAt },
  { name: 'durationMs', value: (s) => s.durationMs },
  { name: 'participantCount', value: (s) => s.participantCount },
  { name: 'messageCount', value: (s) => s.messageCount },
  { name: 'userMessageCount', value: (s) => s.userMessageCount },
  { name: 'avatarMessageCount', value: (s) => s.avatarMessageCount },
  { name: 'escalatedAt', value: (s) => s.escalatedAt },
  { name: 'escalatedBy', value: (s) => s.escalatedBy },
  { name: 'userTurns', value: (s) => s.analytics?.userTurns },
  { name: 'answeredTurns', value: (s) => s.analytics?.answeredTurns },
  { name: 'responseMedianMs', value: (s) => s.analytics?.responseMedianMs },
  { name: 'avgUserSentiment', value: (s) => s.analytics?.avgUserSentiment },
  { name: 'alertsRaised', value: (s) => s.analytics?.alertsRaised },
  { name: 'repeatedQuestions', value: (s) => s.analytics?.repeatedQuestions },
  { name: 'engagementScore', value: (s) => s.analytics?.engagementScore },
  { name: 'qualityScore', value: (s) => s.analytics?.qualityScore },
];

export const EVENT_EXPORT_COLUMNS: readonly ExportColumn<ExportedEvent>[] = [
  { name: 'id', value: (e) => Number(e.id) },
  { name: 'type', value: (e) => e.type },
  { name: 'rawType', value: (e) => e.rawType },
  { name: 'source', value: (e) => e.source },
  { name: 'agentId', value: (e) => e.agentId },
  { name: 'sessionId', value: (e) => e.sessionId },
  { name: 'deliveryId', value: (e) => e.deliveryId },
  { name: 'eventAt', value: (e) => e.eventAt },
  { name: 'receivedAt', value: (e) => e.receivedAt },
  { name: 'status', value: (e) => e.status },
  { name: 'attempts', value: (e) => e.attempts },
  { name: 'lastError', value: (e) => e.lastError },
  { name: 'role', value: (e) => e.role },
  { name: 'message', value: (e) => e.message },
  /** the normalized event: a JSON text in CSV, an object in NDJSON */
  { name: 'payload', value: (e) => e.payload },
];

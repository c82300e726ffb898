/**
 * A finished conversation's analytics as the API returns them (GET /api/sessions/:id →
 * `analytics`). Shared by browser and server; docs/analytics.md defines every figure.
 */
export interface SessionAnalyticsView {
  sessionId: string;
  /** the end these figures describe (a reopened session is recomputed when it ends again) */
  endedAt: string;
  computedAt: string;
  durationSeconds: number;
  userMessages: number;
  avatarMessages: number;
  /** runs of consecutive user messages: one question, however many lines it took */
  userTurns: number;
  /** user turns the avatar answered */
  answeredTurns: number;
  /** user turn → next avatar message, median and worst; null when nothing was answered */
  responseMedianMs: number | null;
  responseWorstMs: number | null;
  /** mean sentiment of the user's messages, -1 to 1; null when none was scored */
  avgUserSentiment: number | null;
  /** mean of the later half of the user's sentiments minus the earlier half; null below 2 */
  sentimentTrend: number | null;
  alertsRaised: number;
  repeatedQuestions: number;
  /** 0–100 */
  engagementScore: number;
  /** 0–100; null when the user never spoke (nothing to judge) */
  qualityScore: number | null;
}

import { describe, expect, it } from 'vitest';
import {
  computeSessionAnalytics,
  engagementScore,
  median,
  qualityScore,
  responseTimes,
  sentimentTrend,
  type AnalyticsAlert,
  type AnalyticsMessage,
} from '../../server/processing/session-analytics';

const T0 = Date.UTC(2026, 11, 4, 10, 0, 0);
const at = (ms: number) => new Date(T0 + ms);
const user = (ms: number, sentiment: number | null = 0): AnalyticsMessage => ({ role: 'user', sentAt: at(ms), sentiment });
const avatar = (ms: number): AnalyticsMessage => ({ role: 'assistant', sentAt: at(ms), sentiment: 0.9 });

// Three user turns (the second spread over two lines), each answered; one extra avatar line.
const conversation: AnalyticsMessage[] = [
  user(10_000, 0.5),
  avatar(11_500), // 1.5 s
  user(60_000, 0.1),
  user(62_000, -0.3), // same turn: the user started waiting at 60 s
  avatar(66_000), // 6 s
  user(120_000, -0.5),
  avatar(123_000), // 3 s
  avatar(124_000), // answers nothing
];
const conversationAlerts: AnalyticsAlert[] = [
  { rule: 'sentiment_trend', severity: 'warning', count: 1 },
  { rule: 'repeat', severity: 'warning', count: 2 },
];
const ended = { startedAt: at(0), endedAt: at(240_000) };

describe('computeSessionAnalytics()', () => {
  it('measures a finished conversation exactly', () => {
    const a = computeSessionAnalytics(conversation, conversationAlerts, ended, T0 + 999_000);
    expect(a).toMatchObject({
      endedAt: at(240_000),
      computedAt: at(999_000),
      durationSeconds: 240,
      userMessages: 4,
      avatarMessages: 4,
      userTurns: 3,
      answeredTurns: 3,
      responseMedianMs: 3000,
      responseWorstMs: 6000,
      alertsRaised: 2,
      repeatedQuestions: 2,
      // 40·3/8 + 30·240/300 + 30·3/5 = 15 + 24 + 18
      engagementScore: 57,
      // 100 − 25·(3000−2000)/8000 − 15·0.05 − 10·0.7 − 8 (warning) − 5·2 (repeats) = 71.125
      qualityScore: 71,
    });
    expect(a.avgUserSentiment).toBeCloseTo(-0.05, 10);
    expect(a.sentimentTrend).toBeCloseTo(-0.7, 10); // (−0.3−0.5)/2 − (0.5+0.1)/2
  });

  it('gives the same figures for messages delivered out of order', () => {
    const shuffled = [conversation[5], conversation[1], conversation[7], conversation[0], conversation[3], conversation[6], conversation[2], conversation[4]];
    expect(computeSessionAnalytics(shuffled, conversationAlerts, ended, T0)).toEqual(computeSessionAnalytics(conversation, conversationAlerts, ended, T0));
  });

  it('scores a conversation the avatar never answered with the full responsiveness penalty', () => {
    const a = computeSessionAnalytics(
      [user(5_000, -0.2), user(20_000, -0.6)],
      [{ rule: 'avatar_silence', severity: 'critical', count: 1 }],
      { startedAt: at(0), endedAt: at(30_000) },
      T0 + 60_000,
    );
    expect(a).toMatchObject({ userTurns: 1, answeredTurns: 0, responseMedianMs: null, responseWorstMs: null, avatarMessages: 0 });
    // 40·1/8 + 30·30/300 + 0 = 5 + 3
    expect(a.engagementScore).toBe(8);
    // 100 − 35 (no answer) − 10 (all turns unanswered) − 15·0.4 − 10·0.4 − 15 (critical) = 30
    expect(a.qualityScore).toBe(30);
    expect(a.avgUserSentiment).toBeCloseTo(-0.4, 10);
    expect(a.sentimentTrend).toBeCloseTo(-0.4, 10);
  });

  it('measures a session with no messages up to now when it has not ended, with no quality to judge', () => {
    const a = computeSessionAnalytics([], [], { startedAt: at(0), endedAt: null }, T0 + 90_000);
    expect(a).toEqual({
      endedAt: at(90_000),
      computedAt: at(90_000),
      durationSeconds: 90,
      userMessages: 0,
      avatarMessages: 0,
      userTurns: 0,
      answeredTurns: 0,
      responseMedianMs: null,
      responseWorstMs: null,
      avgUserSentiment: null,
      sentimentTrend: null,
      alertsRaised: 0,
      repeatedQuestions: 0,
      engagementScore: 0,
      qualityScore: null,
    });
  });

  it('handles a single user message: one unanswered turn, no trend', () => {
    const a = computeSessionAnalytics([user(1_000, 0.4)], [], { startedAt: at(0), endedAt: at(2_000) }, T0 + 2_000);
    expect(a).toMatchObject({ userMessages: 1, userTurns: 1, answeredTurns: 0, avgUserSentiment: 0.4, sentimentTrend: null });
    expect(a.engagementScore).toBe(5); // 40·1/8 + 30·2/300 = 5.2
    expect(a.qualityScore).toBe(55); // 100 − 35 − 10
  });

  it('handles a single avatar greeting: nothing asked, so no engagement and no quality', () => {
    const a = computeSessionAnalytics([avatar(1_000)], [], { startedAt: at(0), endedAt: at(60_000) }, T0);
    expect(a).toMatchObject({ userMessages: 0, avatarMessages: 1, userTurns: 0, engagementScore: 0, qualityScore: null, responseMedianMs: null });
  });

  it('ignores unscored user messages in the sentiment average', () => {
    const a = computeSessionAnalytics([user(0, null), user(1_000, -0.5), avatar(2_000)], [], ended, T0);
    expect(a.avgUserSentiment).toBe(-0.5);
    expect(a.sentimentTrend).toBeNull();
  });

  it('never reports a negative duration (an end stamped before the start)', () => {
    expect(computeSessionAnalytics([], [], { startedAt: at(5_000), endedAt: at(0) }, T0).durationSeconds).toBe(0);
  });
});

describe('responseTimes()', () => {
  it('keeps the given order for messages with the same time: a reply stamped with its question answers it', () => {
    expect(responseTimes([user(0), avatar(0)])).toEqual({ userTurns: 1, times: [0] });
    expect(responseTimes([avatar(0), user(0)])).toEqual({ userTurns: 1, times: [] });
  });
});

describe('median(), sentimentTrend()', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([9000, 1000, 4000, 2000])).toBe(3000);
    expect(median([7])).toBe(7);
  });

  it('leaves the middle score of an odd count out of both halves', () => {
    expect(sentimentTrend([-1, 5, 1])).toBe(2);
    expect(sentimentTrend([0.2])).toBeNull();
  });
});

describe('engagementScore()', () => {
  it('reaches 100 at 8 user turns, 5 minutes and 5 answered exchanges, and no further', () => {
    expect(engagementScore({ userTurns: 8, durationSeconds: 300, answeredTurns: 5 })).toBe(100);
    expect(engagementScore({ userTurns: 40, durationSeconds: 3_000, answeredTurns: 40 })).toBe(100);
  });

  it('is 0 when the user never spoke, however long the session stayed open', () => {
    expect(engagementScore({ userTurns: 0, durationSeconds: 3_000, answeredTurns: 0 })).toBe(0);
  });
});

describe('qualityScore()', () => {
  const good = { userTurns: 4, answeredTurns: 4, responseMedianMs: 2_000, responseWorstMs: 10_000, avgUserSentiment: 0.3, sentimentTrend: 0.1, alerts: [], repeatedQuestions: 0 };

  it('is 100 for prompt answers (median ≤ 2 s, worst ≤ 10 s), neutral-or-better mood and no alerts', () => {
    expect(qualityScore(good)).toBe(100);
  });

  it('takes the full response penalties at a 10 s median and a 30 s worst reply', () => {
    expect(qualityScore({ ...good, responseMedianMs: 10_000, responseWorstMs: 30_000 })).toBe(65);
    expect(qualityScore({ ...good, responseMedianMs: 60_000, responseWorstMs: 90_000 })).toBe(65);
  });

  it('caps alerts at 20 and repeats at 10, and never goes below 0', () => {
    const critical = { rule: 'frustration', severity: 'critical', count: 1 };
    expect(qualityScore({ ...good, alerts: [critical, critical, critical], repeatedQuestions: 5 })).toBe(70);
    expect(
      qualityScore({
        userTurns: 4,
        answeredTurns: 2,
        responseMedianMs: 12_000,
        responseWorstMs: 40_000,
        avgUserSentiment: -1,
        sentimentTrend: -1.5,
        alerts: [critical, critical, critical],
        repeatedQuestions: 5,
      }),
    ).toBe(5); // 100 − 35 − 10·2/4 − 15 − 10 − 20 − 10
  });

  it('is null when there is no user turn to judge', () => {
    expect(qualityScore({ ...good, userTurns: 0, answeredTurns: 0 })).toBeNull();
  });
});

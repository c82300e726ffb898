import { describe, expect, it } from 'vitest';
import { generateConversation, type Mood } from '../../scripts/simulator/conversation';
import { createRng } from '../../scripts/simulator/random';
import type { AlertPolicy, Signal } from '../../server/alerts/model';
import { DEFAULT_ALERT_POLICY } from '../../server/alerts/policy';
import {
  capacityCheck,
  emptyConversation,
  MAX_USER_MESSAGES,
  onFailure,
  onMessage,
  silenceCheck,
  type ConversationState,
  type ErrorWindow,
} from '../../server/alerts/rules';
import { vaderAnalyzer } from '../../server/alerts/sentiment';

const T0 = Date.UTC(2024, 0, 15, 9, 0, 0);
const SEC = 1000;
const MIN = 60 * SEC;
const SESSION = 'session_abc123';
const AGENT = 'agent_customer_support';
const policy: AlertPolicy = DEFAULT_ALERT_POLICY;

/** A conversation driven message by message; scores come from VADER unless given. */
function conversation(p: AlertPolicy = policy) {
  let state: ConversationState = emptyConversation(SESSION, AGENT);
  let nextId = 1;
  const say = (role: 'user' | 'assistant', text: string, atSec: number, opts: { score?: number; id?: number } = {}) => {
    const r = onMessage(
      state,
      { id: opts.id ?? nextId++, role, text, at: T0 + atSec * SEC, score: opts.score ?? (role === 'user' ? vaderAnalyzer.score(text) : 0) },
      p,
    );
    state = r.state;
    return r.signals;
  };
  return {
    user: (text: string, atSec: number, opts?: { score?: number; id?: number }) => say('user', text, atSec, opts),
    avatar: (text: string, atSec: number, opts?: { id?: number }) => say('assistant', text, atSec, opts),
    get state() {
      return state;
    },
  };
}

const byRule = (signals: Signal[], rule: Signal['rule']) => signals.find((s) => s.rule === rule);

describe('onMessage(): frustration', () => {
  it('raises nothing for a calm question', () => {
    const c = conversation();
    expect(c.user('When will my package be delivered?', 0)).toEqual([]);
  });

  it('raises a warning keyed to the session when the user uses a frustration word', () => {
    const c = conversation();
    const s = byRule(c.user('This chat is useless.', 0, { id: 41 }), 'frustration');
    expect(s).toMatchObject({
      dedupKey: `frustration:${SESSION}`,
      severity: 'warning',
      agentId: AGENT,
      sessionId: SESSION,
      messageIds: [41],
    });
    expect(s?.summary).toContain('useless');
  });

  it('raises a warning for a clearly negative score without frustration words', () => {
    const c = conversation();
    expect(byRule(c.user('The delivery is late again.', 0, { score: -0.6 }), 'frustration')?.severity).toBe('warning');
  });

  it('leaves a user alone who says they are not angry', () => {
    const c = conversation();
    expect(byRule(c.user("I'm not angry, just confused about the bill.", 0), 'frustration')).toBeUndefined();
  });

  it('goes critical on a very negative message (score <= -0.75)', () => {
    const c = conversation();
    expect(byRule(c.user('This is awful and I hate it', 0, { score: -0.8 }), 'frustration')?.severity).toBe('critical');
  });

  it('goes critical on the third frustrated message of the session', () => {
    const c = conversation();
    expect(byRule(c.user('This is useless.', 0, { score: 0 }), 'frustration')?.severity).toBe('warning');
    c.avatar('I am sorry.', 2);
    expect(byRule(c.user('Still useless.', 10, { score: 0 }), 'frustration')?.severity).toBe('warning');
    c.avatar('I apologize.', 12);
    expect(byRule(c.user('Ridiculous.', 20, { score: 0 }), 'frustration')?.severity).toBe('critical');
  });

  it('ignores a redelivered message with an id it has already seen', () => {
    const c = conversation();
    c.user('This is useless.', 0, { id: 7 });
    expect(c.user('This is useless.', 0, { id: 7 })).toEqual([]);
    expect(c.state.frustrationHits).toBe(1);
  });
});

describe('onMessage(): repeated question', () => {
  it('raises a repeat warning with both messages when a question is asked again in other words', () => {
    const c = conversation();
    c.user('Can you send me the tracking number?', 0, { id: 1 });
    c.avatar('Done, check your email.', 2);
    const s = byRule(c.user('Could you send me the tracking number again?', 30, { id: 3 }), 'repeat');
    expect(s).toMatchObject({ dedupKey: `repeat:${SESSION}`, severity: 'warning', messageIds: [1, 3] });
    expect(s?.summary).toContain('2 times');
  });

  it('counts the whole cluster when the question comes a third time', () => {
    const c = conversation();
    c.user('Is there a free trial?', 0, { id: 1 });
    c.user('How much does it cost per seat?', 10, { id: 2 });
    c.user('Do you offer a free trial?', 20, { id: 3 });
    const s = byRule(c.user('Is there a free trial we can start with?', 30, { id: 4 }), 'repeat');
    expect(s?.messageIds).toEqual([1, 3, 4]);
    expect(s?.details).toMatchObject({ times: 3 });
  });

  it('stays quiet for different questions on the same topic', () => {
    const c = conversation();
    expect(c.user('How do I create my first avatar?', 0)).toEqual([]);
    expect(c.user('How do I embed the avatar on our website?', 20)).toEqual([]);
  });

  it('stays quiet when the earlier asking is outside the repeat window', () => {
    const c = conversation();
    c.user('Can you send me the tracking number?', 0);
    expect(byRule(c.user('Can you send me the tracking number?', policy.repeatWindowMs / SEC + 1), 'repeat')).toBeUndefined();
  });

  it('waits for repeatCount askings in all', () => {
    const c = conversation({ ...policy, repeatCount: 3 });
    c.user('Is there a free trial?', 0);
    expect(byRule(c.user('Is there a free trial?', 10), 'repeat')).toBeUndefined();
    expect(byRule(c.user('Is there a free trial?', 20), 'repeat')).toBeDefined();
  });

  it('does not count repeated thanks or one-word answers as repeated questions', () => {
    const c = conversation();
    c.user('Thanks, that helps a lot.', 0);
    expect(c.user('Thanks, that helps a lot.', 10)).toEqual([]);
    c.user('Why?', 20);
    expect(c.user('Why?', 30)).toEqual([]);
  });
});

describe('onMessage(): sentiment trend', () => {
  it('raises a trend after trendLength negative user messages in a row', () => {
    const c = conversation();
    expect(byRule(c.user('The app crashed.', 0, { score: -0.2, id: 1 }), 'sentiment_trend')).toBeUndefined();
    expect(byRule(c.user('It crashed again.', 10, { score: -0.1, id: 2 }), 'sentiment_trend')).toBeUndefined();
    const s = byRule(c.user('Still crashing.', 20, { score: -0.3, id: 3 }), 'sentiment_trend');
    expect(s).toMatchObject({ rule: 'sentiment_trend', dedupKey: `trend:${SESSION}`, severity: 'warning', messageIds: [1, 2, 3] });
  });

  it('counts a mildly negative score (<= -0.05) as negative, but not a neutral one', () => {
    const c = conversation();
    c.user('a', 0, { score: -0.05 });
    c.user('b', 10, { score: -0.05 });
    expect(byRule(c.user('c', 20, { score: -0.04 }), 'sentiment_trend')).toBeUndefined();
  });

  it('counts a frustration word with a neutral score as negative', () => {
    const c = conversation();
    c.user('It crashed.', 0, { score: -0.2 });
    c.user('I already told you that.', 10, { score: 0 });
    expect(byRule(c.user('It crashed again.', 20, { score: -0.2 }), 'sentiment_trend')).toBeDefined();
  });

  it('starts over after a neutral or positive user message', () => {
    const c = conversation();
    c.user('It crashed.', 0, { score: -0.2 });
    c.user('It crashed again.', 10, { score: -0.2 });
    c.user('Ok, it works now, thanks.', 20, { score: 0.4 });
    expect(byRule(c.user('Now the video froze.', 30, { score: -0.2 }), 'sentiment_trend')).toBeUndefined();
    expect(c.state.negativeStreak).toHaveLength(1);
  });

  it('orders late messages by time: a late positive message breaks the run it falls inside', () => {
    const c = conversation();
    c.user('It crashed.', 0, { score: -0.2 });
    c.user('It crashed again.', 20, { score: -0.2 });
    c.user('Ok, that worked.', 10, { score: 0.4 }); // sent between the two, delivered late
    expect(byRule(c.user('Frozen now.', 30, { score: -0.2 }), 'sentiment_trend')).toBeUndefined();
  });
});

describe('onMessage(): awaiting a reply', () => {
  it('waits for a reply to the first unanswered user message', () => {
    const c = conversation();
    c.user('Hello?', 0, { id: 1 });
    c.user('Are you there?', 5, { id: 2 });
    expect(c.state.awaitingReply).toEqual({ id: 1, at: T0 });
  });

  it('stops waiting when the avatar answers', () => {
    const c = conversation();
    c.user('Hello?', 0);
    c.avatar('Hi! How can I help?', 2);
    expect(c.state.awaitingReply).toBeNull();
  });

  it('keeps waiting when the only avatar message is older than the user message (late delivery)', () => {
    const c = conversation();
    c.user('Hello?', 10, { id: 5 });
    c.avatar('Welcome!', 4);
    expect(c.state.awaitingReply).toEqual({ id: 5, at: T0 + 10 * SEC });
  });

  it('does not wait for a late user message the avatar already answered after', () => {
    const c = conversation();
    c.avatar('Anything else?', 20);
    c.user('No, thanks.', 15);
    expect(c.state.awaitingReply).toBeNull();
  });

  it('keeps at most MAX_USER_MESSAGES user messages', () => {
    const c = conversation();
    for (let i = 0; i < MAX_USER_MESSAGES + 5; i++) c.user(`message number ${i}`, i, { score: 0 });
    expect(c.state.userMessages).toHaveLength(MAX_USER_MESSAGES);
    expect(c.state.userMessages.at(-1)?.text).toBe(`message number ${MAX_USER_MESSAGES + 4}`);
  });
});

describe('silenceCheck()', () => {
  it('is quiet while the avatar still has time to answer', () => {
    const c = conversation();
    c.user('Hello?', 0);
    expect(silenceCheck(c.state, T0 + policy.silenceMs - 1, policy)).toBeNull();
  });

  it('raises a critical avatar_silence once silenceMs passed without a reply', () => {
    const c = conversation();
    c.user('Hello?', 0, { id: 9 });
    const s = silenceCheck(c.state, T0 + 42 * SEC, policy);
    expect(s).toMatchObject({ rule: 'avatar_silence', dedupKey: `silence:${SESSION}`, severity: 'critical', messageIds: [9] });
    expect(s?.summary).toContain('42 s');
  });

  it('is quiet after the avatar answered, however long ago', () => {
    const c = conversation();
    c.user('Hello?', 0);
    c.avatar('Hi!', 3);
    expect(silenceCheck(c.state, T0 + 10 * MIN, policy)).toBeNull();
  });
});

describe('onFailure()', () => {
  const fail = (window: ErrorWindow | null, atSec: number, nowSec = atSec, code = 'generation_timeout') =>
    onFailure(window, { agentId: AGENT, code, at: T0 + atSec * SEC }, T0 + nowSec * SEC, policy);

  it('stays quiet at errorThreshold failures and raises a critical spike on the next one', () => {
    let w: ErrorWindow | null = null;
    for (let i = 0; i < policy.errorThreshold; i++) {
      const r = fail(w, i * 10);
      expect(r.signal).toBeNull();
      w = r.window;
    }
    const r = fail(w, 60);
    expect(r.signal).toMatchObject({
      rule: 'error_spike',
      dedupKey: `errors:${AGENT}:generation_timeout`,
      severity: 'critical',
      agentId: AGENT,
      sessionId: null,
    });
    expect(r.signal?.details).toMatchObject({ count: policy.errorThreshold + 1 });
  });

  it('drops failures older than the window, so a slow trickle never spikes', () => {
    let w: ErrorWindow | null = null;
    const spacing = policy.errorWindowMs / SEC / policy.errorThreshold + 1;
    for (let i = 0; i < 20; i++) {
      const r = fail(w, i * spacing);
      expect(r.signal).toBeNull();
      w = r.window;
    }
    expect(w?.times.length).toBeLessThanOrEqual(policy.errorThreshold);
  });

  it('ignores a failure reported after it left the window', () => {
    const r = fail(null, 0, policy.errorWindowMs / SEC + 1);
    expect(r.window.times).toEqual([]);
  });

  it('keys the window by agent and code', () => {
    expect(fail(null, 0, 0, 'invalid_image').window.key).toBe(`errors:${AGENT}:invalid_image`);
  });
});

describe('capacityCheck()', () => {
  const check = (perAgent: Record<string, number>, since: Record<string, number>, nowSec: number, total?: number) =>
    capacityCheck({ perAgent, total: total ?? Object.values(perAgent).reduce((a, b) => a + b, 0) }, since, T0 + nowSec * SEC, policy);
  const FOR = policy.capacityForMs / SEC;

  it('starts the clock when an agent reaches its limit, without alerting yet', () => {
    const r = check({ [AGENT]: 10 }, {}, 0);
    expect(r.signals).toEqual([]);
    expect(r.since).toEqual({ [`capacity:${AGENT}`]: T0 });
  });

  it('raises a warning once the agent stayed at its limit for capacityForMs', () => {
    const r = check({ [AGENT]: 10 }, { [`capacity:${AGENT}`]: T0 }, FOR);
    expect(r.signals).toEqual([
      expect.objectContaining({ rule: 'capacity', dedupKey: `capacity:${AGENT}`, severity: 'warning', agentId: AGENT }),
    ]);
  });

  it('raises a critical alert at 1.2 times the limit', () => {
    const r = check({ [AGENT]: 12 }, { [`capacity:${AGENT}`]: T0 }, FOR);
    expect(r.signals[0]?.severity).toBe('critical');
  });

  it('restarts the clock when the count dips below the limit', () => {
    const dipped = check({ [AGENT]: 9 }, { [`capacity:${AGENT}`]: T0 }, 30);
    expect(dipped.since).toEqual({});
    const back = check({ [AGENT]: 10 }, dipped.since, FOR);
    expect(back.signals).toEqual([]);
  });

  it('watches the platform total as capacity:all', () => {
    const r = check({ a: 9, b: 9, c: 9, d: 9, e: 9, f: 9 }, { 'capacity:all': T0 }, FOR);
    expect(r.signals).toEqual([expect.objectContaining({ dedupKey: 'capacity:all', agentId: null, severity: 'warning' })]);
  });
});

describe('simulator conversations through the rules', () => {
  /** Plays whole simulator conversations through onMessage and collects the rules that fired. */
  function run(mood: Mood, count: number) {
    const rng = createRng(`alerts-${mood}`);
    return Array.from({ length: count }, () => {
      const c = generateConversation(rng, { mood });
      let state = emptyConversation(c.sessionId, c.agentId);
      let at = T0;
      const fired = new Set<string>();
      c.turns.forEach((turn, i) => {
        at += turn.delaySec * SEC;
        const score = turn.role === 'user' ? vaderAnalyzer.score(turn.message) : 0;
        const r = onMessage(state, { id: i + 1, role: turn.role, text: turn.message, at, score }, policy);
        state = r.state;
        for (const s of r.signals) fired.add(s.rule);
      });
      return fired;
    });
  }

  it('raises no alert at all in 300 calm conversations', () => {
    const fired = run('calm', 300);
    expect(fired.filter((f) => f.size > 0)).toHaveLength(0);
  });

  it('raises a frustration alert in every frustrated conversation', () => {
    const fired = run('frustrated', 100);
    expect(fired.every((f) => f.has('frustration'))).toBe(true);
  });

  it('raises a repeat alert, and no frustration alert, in every repeater conversation', () => {
    const fired = run('repeater', 100);
    expect(fired.every((f) => f.has('repeat') && !f.has('frustration'))).toBe(true);
  });
});

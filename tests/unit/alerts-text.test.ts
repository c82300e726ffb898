import { describe, expect, it } from 'vitest';
import { THEMES } from '../../scripts/simulator/content';
import { DEFAULT_ALERT_POLICY } from '../../server/alerts/policy';
import { isQuestionLike, normalizeQuestion, similarity } from '../../server/alerts/text';

const SAME = DEFAULT_ALERT_POLICY.repeatSimilarity;

describe('normalizeQuestion()', () => {
  it('lower-cases, drops punctuation and fillers, and collapses spaces', () => {
    expect(normalizeQuestion('Um, so   WHEN will my package be delivered, please??')).toBe('when package deliver');
  });

  it('keeps the question word, so when and where stay different questions', () => {
    expect(normalizeQuestion('When will it arrive?')).not.toBe(normalizeQuestion('Where will it arrive?'));
  });

  it('folds apostrophes and plurals: "items" and "item\'s" meet', () => {
    expect(normalizeQuestion("How do I return the items?")).toBe(normalizeQuestion("how do i return the item's"));
  });

  it('returns an empty string for a message of fillers only', () => {
    expect(normalizeQuestion('Hey, um, so... please?')).toBe('');
  });
});

describe('similarity()', () => {
  it('is 1 for the same question asked with different fillers and case', () => {
    expect(similarity('Can I change the delivery address?', 'so can i change the delivery address again please')).toBe(1);
  });

  it('rates a rewording of the same question as the same', () => {
    expect(similarity('Is there a free trial?', 'Do you offer a free trial?')).toBeGreaterThanOrEqual(SAME);
    expect(similarity('How long does a refund usually take?', 'Usually, how long does a refund take?')).toBeGreaterThanOrEqual(SAME);
  });

  it('tolerates a typo through character bigrams', () => {
    expect(similarity('Can I change the delivery address?', 'can i change the delivery adress')).toBeGreaterThanOrEqual(SAME);
  });

  it('rates different questions on the same topic as different', () => {
    expect(similarity('How do I create my first avatar?', 'How do I embed the avatar on our website?')).toBeLessThan(SAME);
    expect(similarity('Can I reschedule my existing appointment?', "Hi, I'd like to book an appointment.")).toBeLessThan(SAME);
  });

  it('is 0 when either message has no content words', () => {
    expect(similarity('ok', 'ok')).toBe(0);
    expect(similarity('', 'Is there a free trial?')).toBe(0);
  });

  it('is symmetric', () => {
    const a = 'Where is our data stored, and are you GDPR compliant?';
    const b = 'Is our data stored in the EU for GDPR?';
    expect(similarity(a, b)).toBe(similarity(b, a));
  });

  it('separates every simulator question from the other questions of its theme, and joins its wordings', () => {
    // The simulator's repeaters reword one question; calm users ask different ones. The default
    // threshold must sit between the two groups for every theme.
    for (const theme of THEMES) {
      theme.items.forEach((item, i) => {
        for (const a of item.q) {
          for (const b of item.q) if (a !== b) expect(similarity(a, b), `${a} ~ ${b}`).toBeGreaterThanOrEqual(SAME);
          theme.items.forEach((other, j) => {
            if (i !== j) for (const b of other.q) expect(similarity(a, b), `${a} vs ${b}`).toBeLessThan(SAME);
          });
        }
      });
    }
  });
});

describe('isQuestionLike()', () => {
  it('accepts a message with a question mark anywhere', () => {
    expect(isQuestionLike('My order {order}, any news?')).toBe(true);
  });

  it('accepts a question without a question mark by its first word', () => {
    expect(isQuestionLike('how do i invite my teammates')).toBe(true);
    expect(isQuestionLike('Can you send the tracking number to my email')).toBe(true);
    expect(isQuestionLike("Where's my refund")).toBe(true);
    expect(isQuestionLike('Does it integrate with Slack')).toBe(true);
  });

  it('looks past a greeting or filler to the first real word', () => {
    expect(isQuestionLike('Hi, could you check my booking')).toBe(true);
    expect(isQuestionLike('so what happens after the trial')).toBe(true);
  });

  it('rejects statements, thanks and requests that are not questions', () => {
    expect(isQuestionLike('Great, thank you!')).toBe(false);
    expect(isQuestionLike('I need the invoice for March.')).toBe(false);
    expect(isQuestionLike('')).toBe(false);
  });
});

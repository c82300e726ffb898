import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_POLICY } from '../../server/alerts/policy';
import {
  DEFAULT_FRUSTRATION_WORDS,
  frustrationWordsIn,
  isFrustrated,
  isShouting,
  vaderAnalyzer,
  type SentimentAnalyzer,
} from '../../server/alerts/sentiment';

const score = (text: string) => vaderAnalyzer.score(text);
const frustrated = (text: string) => isFrustrated(text, score(text), DEFAULT_ALERT_POLICY);

describe('vaderAnalyzer.score()', () => {
  it('scores within -1..1, and 0 for empty text', () => {
    expect(score('')).toBe(0);
    for (const t of ['I love it!!!', 'This is the WORST, I HATE it!!!', 'ok'])
      expect(Math.abs(score(t))).toBeLessThanOrEqual(1);
  });

  it('reads "not bad" as not negative', () => {
    expect(score('not bad')).toBeGreaterThan(0);
    expect(score('Not bad, actually.')).toBeGreaterThan(0);
  });

  it('reads "not happy" as negative, however it is capitalized', () => {
    // the JS port of VADER compared negators case-sensitively; prepareForVader fixes that
    expect(score('not happy')).toBeLessThan(0);
    expect(score('Not happy.')).toBeLessThan(0);
    expect(score('I am NOT happy with this.')).toBeLessThan(0);
  });

  it('reads "no worries" and "no problem" as friendly, as reference VADER does', () => {
    expect(score('No worries, take your time.')).toBeGreaterThan(0);
    expect(score('No problem at all.')).toBeGreaterThan(0);
  });

  it('makes a complaint more negative with an intensifier, capitals and exclamation marks', () => {
    const plain = score('This is bad');
    const boosted = score('This is really bad');
    const shouted = score('This is EXTREMELY bad!!!');
    expect(plain).toBeLessThan(0);
    expect(boosted).toBeLessThan(plain);
    expect(shouted).toBeLessThan(boosted);
  });

  it('reads thanks as positive and a plain question as not negative', () => {
    expect(score('Great, thank you so much!')).toBeGreaterThan(0.5);
    expect(score('When will my package be delivered?')).toBeGreaterThanOrEqual(0);
  });
});

describe('frustrationWordsIn()', () => {
  const words = DEFAULT_FRUSTRATION_WORDS;

  it('finds words and phrases case-insensitively', () => {
    expect(frustrationWordsIn('This is USELESS and a Waste Of Time', words)).toEqual(['useless', 'waste of time']);
  });

  it('matches whole words only', () => {
    expect(frustrationWordsIn('I have an angry-looking cat', ['angry'])).toEqual(['angry']);
    expect(frustrationWordsIn('It was a wonderfully awfulness-free day', ['awful'])).toEqual([]);
    expect(frustrationWordsIn('The frustratedness test', ['frustrated'])).toEqual([]);
  });

  it('reports each word once, however often it is said', () => {
    expect(frustrationWordsIn('useless, useless, USELESS', ['useless'])).toEqual(['useless']);
  });

  it('ignores a word negated just before it', () => {
    expect(frustrationWordsIn("I'm not angry, just confused", words)).toEqual([]);
    expect(frustrationWordsIn('I am not at all annoyed', words)).toEqual([]);
    expect(frustrationWordsIn("It isn't terrible", words)).toEqual([]);
  });

  it('does not carry a negation across punctuation or into the next clause', () => {
    expect(frustrationWordsIn("I'm not angry, I'm furious.", words)).toEqual(['furious']);
    expect(frustrationWordsIn('No, this is useless.', words)).toEqual(['useless']);
    expect(frustrationWordsIn("I'm not sure but this is ridiculous", words)).toEqual(['ridiculous']);
  });

  it('matches phrases that contain a negation as written', () => {
    expect(frustrationWordsIn("I'm not happy with the delivery", words)).toEqual(['not happy']);
    expect(frustrationWordsIn('Thanks for nothing.', words)).toEqual(['thanks for nothing']);
  });

  it('asks for a human as a frustration phrase', () => {
    expect(frustrationWordsIn('Just let me talk to a real person', words)).toEqual(['talk to a real person']);
  });
});

describe('isShouting()', () => {
  it('is true when most words are in capitals', () => {
    expect(isShouting('WHERE IS MY ORDER???')).toBe(true);
  });

  it('is false for one capitalized word, acronyms, or very short text', () => {
    expect(isShouting('HELLO, can you hear me?')).toBe(false);
    expect(isShouting('Is the API GDPR compliant?')).toBe(false);
    expect(isShouting('OK THX')).toBe(false);
  });
});

describe('isFrustrated()', () => {
  it('flags a frustration word even when the sentiment score is neutral', () => {
    expect(isFrustrated('I already told you that.', 0, DEFAULT_ALERT_POLICY)).toBe(true);
  });

  it('flags a score at or below negativeThreshold without any frustration word', () => {
    const policy = { ...DEFAULT_ALERT_POLICY, negativeThreshold: -0.5 };
    expect(isFrustrated('The delivery is late', -0.5, policy)).toBe(true);
    expect(isFrustrated('The delivery is late', -0.49, policy)).toBe(false);
  });

  it('uses the configured word list, not only the defaults', () => {
    const policy = { ...DEFAULT_ALERT_POLICY, frustrationWords: ['bonkers'] };
    expect(isFrustrated('this is bonkers', 0, policy)).toBe(true);
    expect(isFrustrated('this is useless', 0, policy)).toBe(false);
  });

  it('leaves calm customers alone: questions, thanks, polite problems and negated anger', () => {
    for (const text of [
      'Hi, I need help with my order #48213.',
      'One of the mugs arrived cracked. Can you replace it?',
      "I'm not angry, just confused about the bill.",
      'No worries, take your time.',
      'Not bad, actually. The setup was quicker than I thought.',
      'Can I speak to someone from billing about an invoice question?',
      'Great, thank you!',
    ])
      expect(frustrated(text), text).toBe(false);
  });

  it('catches the frustrated customer: words, negated happiness, shouting, strong negativity', () => {
    for (const text of [
      "I'm getting really frustrated, nothing is loading.",
      "I'm not happy, the order is two weeks late.",
      'WHERE IS MY ORDER???',
      'This is EXTREMELY bad!!!',
      'Can I please speak to a real person? This isn’t working.',
    ])
      expect(frustrated(text), text).toBe(true);
  });

  it('works with any SentimentAnalyzer behind the interface', () => {
    const gloomy: SentimentAnalyzer = { score: () => -0.9 };
    expect(isFrustrated('When does the clinic open?', gloomy.score('When does the clinic open?'), DEFAULT_ALERT_POLICY)).toBe(true);
  });
});

describe('classifier on the labelled messages', () => {
  interface Labelled {
    text: string;
    label: 'frustrated' | 'calm';
  }
  const messages = JSON.parse(
    fs.readFileSync(new URL('../fixtures/sentiment/labelled-messages.json', import.meta.url), 'utf8'),
  ) as Labelled[];

  it('is a balanced-ish set of at least 150 distinct messages', () => {
    expect(messages.length).toBeGreaterThanOrEqual(150);
    expect(new Set(messages.map((m) => m.text)).size).toBe(messages.length);
    const share = messages.filter((m) => m.label === 'frustrated').length / messages.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.5);
  });

  it('keeps accuracy >= 0.82 and precision >= 0.9 with the default policy (measured 0.856 / 0.966)', () => {
    let tp = 0;
    let fp = 0;
    let correct = 0;
    for (const m of messages) {
      const predicted = frustrated(m.text);
      const actual = m.label === 'frustrated';
      if (predicted === actual) correct++;
      if (predicted && actual) tp++;
      if (predicted && !actual) fp++;
    }
    // Precision matters most: a false frustration alert costs an operator's attention.
    expect(correct / messages.length).toBeGreaterThanOrEqual(0.82);
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.9);
  });
});

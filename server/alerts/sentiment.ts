/**
 * Is a user frustrated? Three independent hints, any one suffices: explicit frustration words
 * ("this is useless", "let me talk to a human"), shouting in capitals, and a clearly negative
 * sentiment score. The scorer sits behind `SentimentAnalyzer` so VADER can be swapped for a
 * model without touching the rules.
 */
import vader from 'vader-sentiment';
import type { AlertPolicy } from './model';

export interface SentimentAnalyzer {
  /** -1 (very negative) .. 1 (very positive); 0 for neutral or empty text */
  score(text: string): number;
}

/** Negation words VADER looks for (its NEGATE list, the ones users type in chat). */
const VADER_NEGATORS =
  /\b(not|never|none|nothing|nobody|nowhere|neither|nor|cannot|(?:is|are|was|were|do|does|did|ca|could|would|should|wo|has|have|had)n['’]?t|aint|ain['’]t)\b/gi;

/**
 * Two fixes that make the JavaScript port (vader-sentiment 1.1.3) score like the reference Python
 * VADER, applied to the text before scoring:
 * - the port compares negation words case-sensitively, so "Not happy" and "I am NOT happy" came
 *   out positive; negators are lower-cased (caps on the sentiment words themselves still count);
 * - the port scores "no worries" / "no problem" as negative; reference VADER treats "no" right
 *   before a word as a negation of that word, which "not" gives us.
 */
export function prepareForVader(text: string): string {
  return text.replace(VADER_NEGATORS, (w) => w.toLowerCase()).replace(/\bno(\s+)(?=\p{L})/giu, 'not$1');
}

/**
 * VADER (lexicon and rules tuned for short social text): handles negation ("not happy"),
 * boosters ("really", "extremely"), ALL CAPS and "!!!". Deterministic, no model download.
 */
export const vaderAnalyzer: SentimentAnalyzer = {
  score(text: string): number {
    if (text.trim() === '') return 0;
    return vader.SentimentIntensityAnalyzer.polarity_scores(prepareForVader(text)).compound;
  },
};

/**
 * Words and phrases that mean "this customer needs a person now". Kept narrow on purpose: each
 * one is something a calm customer does not say (no "problem", "issue", "wrong", "bad": those
 * are everyday support vocabulary, and VADER already weighs them). Asking for a human counts:
 * for an avatar, that request means it is failing the user. Matched whole-word and
 * case-insensitively; a negation just before a word cancels it ("I'm not angry").
 */
export const DEFAULT_FRUSTRATION_WORDS: readonly string[] = [
  'frustrated',
  'frustrating',
  'angry',
  'furious',
  'terrible',
  'awful',
  'horrible',
  'useless',
  'pointless',
  'ridiculous',
  'unacceptable',
  'annoyed',
  'annoying',
  'pathetic',
  'fed up',
  'sick of',
  'waste of time',
  'wasting my time',
  'already told you',
  'not listening',
  'upset',
  'not happy',
  'unbelievable',
  'absurd',
  'garbage',
  'worst',
  'is a joke',
  'what a joke',
  'kidding me',
  'thanks for nothing',
  'losing my patience',
  'lost my patience',
  'i give up',
  'done with this',
  'how many times',
  'already asked',
  'already explained',
  'not helpful',
  'not helping',
  'isnt helpful',
  'isnt helping',
  'no help',
  'talk to a human',
  'speak to a human',
  'talk to a real person',
  'speak to a real person',
  'talk to a person',
  'speak to a person',
  'speak to a manager',
  'talk to a manager',
];

/** Negators that cancel a frustration word right after them ("not angry", "never been annoyed"). */
const NEGATORS = new Set([
  'not', 'never', 'no', 'isnt', 'arent', 'wasnt', 'werent', 'dont', 'doesnt', 'didnt', 'aint',
  'hardly',
]);
/** How many words before a match a negator still applies to: "not at all angry". */
const NEGATION_REACH = 3;

/** Sentence and clause punctuation: negation does not reach across it ("I'm not angry, I'm furious"). */
const CLAUSE_BREAK = '|';

function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[,.;:!?()]+/g, ` ${CLAUSE_BREAK} `)
    .replace(/[^\p{L}\p{N}|]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0);
}

/**
 * The frustration words and phrases present in `text`, whole-word and case-insensitive, each at
 * most once, in list order. A word preceded within three words by a negator is not counted
 * ("I'm not angry, just confused"); phrases that contain a negation themselves ("not listening")
 * are matched as written. "No" only negates a word directly after it, so "No, this is useless"
 * still counts.
 */
export function frustrationWordsIn(text: string, words: readonly string[]): string[] {
  const toks = tokenize(text);
  const found: string[] = [];
  for (const entry of words) {
    const phrase = tokenize(entry);
    if (phrase.length === 0) continue;
    for (let i = 0; i + phrase.length <= toks.length; i++) {
      if (!phrase.every((p, k) => toks[i + k] === p)) continue;
      if (isNegated(toks, i)) continue;
      found.push(entry);
      break;
    }
  }
  return found;
}

function isNegated(toks: string[], start: number): boolean {
  for (let back = 1; back <= NEGATION_REACH && start - back >= 0; back++) {
    const w = toks[start - back] as string;
    if (w === CLAUSE_BREAK) return false;
    if (w === 'no') return back === 1;
    if (NEGATORS.has(w)) return true;
    // a conjunction starts a new clause: "not sure but this is useless"
    if (w === 'but' || w === 'and' || w === 'just') return false;
  }
  return false;
}

/**
 * Shouting: at least three words and most of them (60%) in capitals, "WHERE IS MY ORDER".
 * One capitalized word ("HELLO, can you hear me?") or an acronym (API, GDPR) is not shouting.
 */
export function isShouting(text: string): boolean {
  const ws = text.match(/\p{L}{2,}/gu) ?? [];
  if (ws.length < 3) return false;
  const caps = ws.filter((w) => w === w.toUpperCase() && w !== w.toLowerCase()).length;
  return caps / ws.length >= 0.6;
}

/**
 * Frustrated: an explicit frustration word, shouting, or a sentiment at or below the policy
 * threshold. `score` comes from a SentimentAnalyzer (passed in so it is computed once per message).
 */
export function isFrustrated(
  text: string,
  score: number,
  policy: Pick<AlertPolicy, 'frustrationWords' | 'negativeThreshold'>,
): boolean {
  return (
    score <= policy.negativeThreshold ||
    frustrationWordsIn(text, policy.frustrationWords).length > 0 ||
    isShouting(text)
  );
}

/**
 * Text helpers for the conversation rules: is this message a question, and is it "the same
 * question" as an earlier one. Pure and dependency-free so rules stay deterministic.
 */

/**
 * Words that carry no meaning for "is this the same question": fillers, politeness, articles,
 * pronouns and auxiliaries. Interrogatives (how, what, when, where, why, which, who) are kept on
 * purpose: "when will it arrive" and "where will it arrive" are different questions.
 */
const STOPWORDS = new Set([
  // fillers and politeness
  'please', 'pls', 'plz', 'hey', 'hi', 'hello', 'so', 'um', 'uh', 'umm', 'erm', 'hmm', 'ok', 'okay',
  'well', 'again', 'just', 'still', 'really', 'actually', 'also', 'exactly', 'anyway', 'like',
  'thanks', 'thank', 'sorry', 'oh', 'ah', 'yeah', 'yes', 'right', 'then', 'now', 'there',
  // articles, pronouns, prepositions, conjunctions
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'it', 'its', 'i', 'me', 'my', 'mine', 'we',
  'us', 'our', 'you', 'your', 'they', 'them', 'their', 'to', 'of', 'for', 'in', 'on', 'at', 'by',
  'with', 'from', 'and', 'or', 'but', 'if', 'any', 'some', 'somehow', 'all',
  // auxiliaries and modals
  'is', 'are', 'was', 'were', 'be', 'been', 'am', 'do', 'does', 'did', 'can', 'could', 'will',
  'would', 'should', 'shall', 'may', 'might', 'must', 'have', 'has', 'had', 'im', 'id', 'ill',
  'possible', 'way', 'tell', 'know', 'want', 'wanted', 'need', 'let',
]);

/** Light stemming so "items"/"item" and "delivered"/"delivery" do not count as different words. */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Lower-cased words of a message, apostrophes folded in ("don't" -> "dont"), punctuation dropped. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0);
}

/**
 * The meaningful core of a question: lower case, no punctuation, single spaces, fillers and
 * function words dropped, light stemming. "Um, so WHEN will my package be delivered, please??"
 * becomes "when package deliver".
 */
export function normalizeQuestion(text: string): string {
  return words(text)
    .filter((w) => !STOPWORDS.has(w))
    .map(stem)
    .join(' ');
}

function tokens(norm: string): Set<string> {
  return new Set(norm.split(' ').filter((t) => t.length > 0));
}

function dice<T>(a: Set<T>, b: Set<T>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Character bigrams of each token (with word boundary marks), so "refund"/"refunds" overlap. */
function bigrams(norm: string): Set<string> {
  const grams = new Set<string>();
  for (const t of tokens(norm)) {
    const padded = ` ${t} `;
    for (let i = 0; i < padded.length - 1; i++) grams.add(padded.slice(i, i + 2));
  }
  return grams;
}

/**
 * How alike two messages are, 0..1, over their normalized forms.
 *
 * The average of two Dice coefficients: over the sets of content words (word order and fillers
 * do not matter: "can I change the delivery address" ~ "is it possible to change the delivery
 * address") and over character bigrams of those words (tolerates typos and inflections the
 * stemmer misses: "adress", "refunded"). Dice rather than Jaccard because questions are short
 * and one differing word should not halve the score. Two empty messages are not alike (0).
 */
export function similarity(a: string, b: string): number {
  const na = normalizeQuestion(a);
  const nb = normalizeQuestion(b);
  return similarityOfNormalized(na, nb);
}

/** `similarity` for texts already passed through normalizeQuestion (rules cache the norm). */
export function similarityOfNormalized(na: string, nb: string): number {
  const ta = tokens(na);
  const tb = tokens(nb);
  if (ta.size === 0 || tb.size === 0) return 0;
  if (na === nb) return 1;
  return (dice(ta, tb) + dice(bigrams(na), bigrams(nb))) / 2;
}

const QUESTION_STARTERS = new Set([
  'how', 'hows', 'what', 'whats', 'why', 'whys', 'when', 'whens', 'where', 'wheres', 'which', 'who', 'whos', 'whom', 'whose',
  'can', 'could', 'is', 'are', 'was', 'were', 'do', 'does', 'did', 'will', 'would', 'should',
  'shall', 'may', 'might', 'have', 'has', 'isnt', 'arent', 'dont', 'doesnt', 'didnt', 'cant',
  'wont', 'any',
]);

/** Openers that precede the real first word: "so, how...", "hi, can you...", "um what...". */
const LEADING_FILLERS = new Set(['so', 'um', 'uh', 'hey', 'hi', 'hello', 'ok', 'okay', 'well', 'and', 'but', 'also', 'then', 'sorry', 'excuse', 'me', 'please']);

/** A question mark anywhere, or a first real word that opens a question (how, can, is, do...). */
export function isQuestionLike(text: string): boolean {
  if (text.includes('?')) return true;
  const ws = words(text);
  const first = ws.find((w) => !LEADING_FILLERS.has(w));
  return first !== undefined && QUESTION_STARTERS.has(first);
}

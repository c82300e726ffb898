/**
 * How well the frustration classifier (frustration words OR VADER score <= negativeThreshold)
 * does on the hand-labelled chat messages. `npx tsx scripts/sentiment-accuracy.ts [threshold]`
 * prints accuracy, precision and recall for "frustrated", and every misclassified message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_ALERT_POLICY } from '../server/alerts/policy';
import { frustrationWordsIn, isFrustrated, vaderAnalyzer } from '../server/alerts/sentiment';

interface Labelled {
  text: string;
  label: 'frustrated' | 'calm';
}

const file = path.join(import.meta.dirname, '../tests/fixtures/sentiment/labelled-messages.json');
const messages = JSON.parse(fs.readFileSync(file, 'utf8')) as Labelled[];
const threshold = process.argv[2] === undefined ? DEFAULT_ALERT_POLICY.negativeThreshold : Number(process.argv[2]);
const policy = { ...DEFAULT_ALERT_POLICY, negativeThreshold: threshold };

let tp = 0;
let fp = 0;
let tn = 0;
let fn = 0;
const wrong: string[] = [];
for (const m of messages) {
  const score = vaderAnalyzer.score(m.text);
  const predicted = isFrustrated(m.text, score, policy);
  const actual = m.label === 'frustrated';
  if (predicted && actual) tp++;
  else if (predicted && !actual) fp++;
  else if (!predicted && actual) fn++;
  else tn++;
  if (predicted !== actual) {
    const words = frustrationWordsIn(m.text, policy.frustrationWords);
    wrong.push(
      `  ${actual ? 'missed   ' : 'false hit'}  score ${score.toFixed(3).padStart(6)}  ${words.length ? `[${words.join(', ')}] ` : ''}${m.text}`,
    );
  }
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
console.log(`labelled messages: ${messages.length} (${tp + fn} frustrated, ${tn + fp} calm)`);
console.log(`negativeThreshold: ${threshold}`);
console.log(`accuracy:  ${pct((tp + tn) / messages.length)}`);
console.log(`precision: ${pct(tp / Math.max(1, tp + fp))}  (of messages flagged frustrated, how many are)`);
console.log(`recall:    ${pct(tp / Math.max(1, tp + fn))}  (of frustrated messages, how many are flagged)`);
console.log(`misclassified (${wrong.length}):`);
for (const line of wrong) console.log(line);

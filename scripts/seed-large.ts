/**
 * Seeds a large history for benchmarks: by default one million transcript messages over the last
 * 30 days, written straight into agents, sessions, webhook_events and messages (the rows
 * processing would have produced), with multi-row INSERTs (one `unnest` statement per table and
 * batch), so the web server is not involved.
 *
 *   npx tsx scripts/seed-large.ts --data-dir ./data-large            # PGlite (the default engine)
 *   npx tsx scripts/seed-large.ts --database-url postgresql://…      # PostgreSQL
 *   options: --messages 1000000 --days 30 --agents 8 --rooms 4 (per agent) --batch 400 (sessions) --seed 1
 *
 * Shape: conversations of 4–30 messages (user first, then alternating), a daily rhythm (busy
 * afternoons, quiet nights, quieter weekends), agents of unequal popularity, a few rooms each.
 * Transcript text mixes common support phrases with a long tail; the word "refund" is common
 * (in roughly one message in twelve), "zeppelin" rare (about one in 20,000): the history benchmark
 * searches for both. Sessions, events and messages get ids prefixed with a per-run tag, so a
 * second run adds to the data rather than colliding with it.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { openDatabase, type Database } from '../server/db/client';
import { migrate } from '../server/db/migrate';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    days: { type: 'string', default: '30' },
    agents: { type: 'string', default: '8' },
    rooms: { type: 'string', default: '4' },
    batch: { type: 'string', default: '400' },
    seed: { type: 'string', default: '1' },
    'data-dir': { type: 'string', default: './data-large' },
    'database-url': { type: 'string' },
  },
});

const TOTAL_MESSAGES = Number(args.messages);
const DAYS = Number(args.days);
const AGENTS = Number(args.agents);
const ROOMS = Number(args.rooms);
const BATCH_SESSIONS = Number(args.batch);
for (const [k, v] of Object.entries({ messages: TOTAL_MESSAGES, days: DAYS, agents: AGENTS, rooms: ROOMS, batch: BATCH_SESSIONS }))
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${k} must be a positive integer`);

// A small deterministic PRNG (mulberry32), so a seed reproduces a data set.
let state = Number(args.seed) >>> 0 || 1;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
function weighted(weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) < 0) return i;
  return weights.length - 1;
}

// Relative traffic per hour of the day (UTC): quiet nights, a morning rise, a busy afternoon.
const HOURLY = [2, 1, 1, 1, 1, 2, 4, 7, 10, 12, 13, 13, 12, 13, 14, 14, 13, 12, 10, 9, 7, 5, 4, 3];
const AGENT_NAMES = ['support', 'sales', 'onboarding', 'billing', 'concierge', 'tutor', 'kiosk_lobby', 'kiosk_store', 'helpdesk', 'reception', 'travel', 'clinic'];
const agentIds = Array.from({ length: AGENTS }, (_, i) => `agent_${AGENT_NAMES[i % AGENT_NAMES.length]}${i >= AGENT_NAMES.length ? `_${i}` : ''}`);
// Zipf-like popularity: the first agent takes the most traffic.
const agentWeights = agentIds.map((_, i) => 1 / (i + 1));

const USER_LINES = [
  'Hi, I need help with my order',
  'Can I get a refund for the last purchase?',
  'Where is my package, it was due yesterday',
  'How do I change my password?',
  'What are your opening hours on the weekend?',
  'The app keeps crashing when I open the settings page',
  'I was charged twice this month',
  'Can you explain the difference between the basic and the pro plan?',
  'Do you ship to Canada?',
  'I would like to speak to a human please',
  'My discount code does not work',
  'Is there a student discount?',
  'How long does a refund usually take?',
  'Thanks, that helps a lot',
  'That is not what I asked',
  'Can I book an appointment for next Tuesday?',
  'What documents do I need to bring?',
  'Could you repeat that more slowly?',
];
const AVATAR_LINES = [
  'Of course, I can help you with that.',
  'Let me look that up for you.',
  'Your order is on its way and should arrive within two business days.',
  'A refund is usually processed within five to seven business days.',
  'You can change your password under Settings, then Security.',
  'We are open from nine to five on Saturdays and closed on Sundays.',
  'I am sorry about the trouble. Could you tell me which version of the app you use?',
  'I can see two charges; I have started a refund for the duplicate one.',
  'The pro plan adds priority support and unlimited projects.',
  'Yes, we ship to Canada; delivery takes about a week.',
  'I will connect you with a member of our team right away.',
  'Is there anything else I can help you with today?',
  'Appointments are available on Tuesday at ten, eleven and two.',
  'Please bring a photo ID and your booking confirmation.',
];
const TAIL_WORDS = ['invoice', 'warranty', 'battery', 'delivery', 'voucher', 'account', 'subscription', 'receipt', 'address', 'schedule', 'upgrade', 'coupon', 'parcel', 'tracking', 'checkout', 'printer', 'headphones', 'charger', 'jacket', 'laptop'];

function messageText(role: 'user' | 'assistant'): string {
  let text = pick(role === 'user' ? USER_LINES : AVATAR_LINES);
  if (random() < 0.5) text += ` (${pick(TAIL_WORDS)} ${int(1000, 99999)})`;
  if (random() < 1 / 20_000) text += ' I saw it on the zeppelin tour.';
  // A few messages carry the characters that exports must quote.
  if (random() < 0.01) text += ', "quoted", and\na second line';
  return text;
}

interface SessionPlan {
  start: number;
  agent: string;
  messages: number;
}

function planSessions(now: number): SessionPlan[] {
  const plans: SessionPlan[] = [];
  const dayMs = 86_400_000;
  const firstDay = Math.floor(now / dayMs) - DAYS + 1;
  let total = 0;
  while (total < TOTAL_MESSAGES) {
    const messages = Math.min(int(4, 30), TOTAL_MESSAGES - total);
    let start: number;
    do {
      const day = firstDay + int(0, DAYS - 1);
      const weekday = new Date(day * dayMs).getUTCDay();
      // weekends carry about 60 % of a weekday's traffic
      if ((weekday === 0 || weekday === 6) && random() > 0.6) continue;
      start = day * dayMs + weighted(HOURLY) * 3_600_000 + int(0, 3_599_999);
      if (start < now - 3_600_000) break;
    } while (true);
    plans.push({ start, agent: agentIds[weighted(agentWeights)]!, messages });
    total += messages;
  }
  return plans.sort((a, b) => a.start - b.start);
}

interface Columns {
  [name: string]: unknown[];
}
function columns<const K extends string>(...names: K[]): Record<K, unknown[]> {
  return Object.fromEntries(names.map((n) => [n, []])) as unknown as Record<K, unknown[]>;
}

async function insert(db: Database, table: string, cols: Columns, types: Record<string, string>, tail = ''): Promise<void> {
  const names = Object.keys(cols);
  const placeholders = names.map((n, i) => `$${i + 1}::${types[n] ?? 'text'}[]`).join(', ');
  const select = names.map((n) => (n === 'payload' ? `${n}::jsonb` : n)).join(', ');
  await db.query(
    `INSERT INTO ${table} (${names.map((n) => `"${n}"`).join(', ')}) SELECT ${select} FROM unnest(${placeholders}) AS t(${names.join(', ')}) ${tail}`,
    names.map((n) => cols[n]),
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const dataDir = path.resolve(args['data-dir']);
  const db = await openDatabase({ databaseUrl: args['database-url'], dataDir });
  try {
    await migrate(db);
    const target = args['database-url'] ? 'PostgreSQL' : `PGlite in ${dataDir}`;
    const now = Date.now();
    const plans = planSessions(now);
    console.log(`seeding ${TOTAL_MESSAGES.toLocaleString()} messages in ${plans.length.toLocaleString()} sessions over ${DAYS} days, ${AGENTS} agents, into ${target}`);

    const tag = `${now.toString(36)}`;
    const [{ max }] = await db.query<{ max: string | number | null }>('SELECT max(id)::text AS max FROM webhook_events');
    let eventId = Number(max ?? 0);
    const agentLast = new Map<string, { first: number; last: number; id: number }>();

    // Agents first (sessions reference them); their last event is fixed up at the end.
    await insert(
      db,
      'agents',
      { id: agentIds, status: agentIds.map(() => 'ready'), first_seen_at: agentIds.map(() => new Date(now - DAYS * 86_400_000).toISOString()), last_event_at: agentIds.map(() => new Date(now).toISOString()), last_event_id: agentIds.map(() => 0) },
      { first_seen_at: 'timestamptz', last_event_at: 'timestamptz', last_event_id: 'bigint' },
      'ON CONFLICT (id) DO NOTHING',
    );

    let written = 0;
    let lastReport = Date.now();
    for (let b = 0; b < plans.length; b += BATCH_SESSIONS) {
      const batch = plans.slice(b, b + BATCH_SESSIONS);
      const s = columns('id', 'agent_id', 'room_name', 'participant_count', 'status', 'started_at', 'last_activity_at', 'ended_at', 'last_join_at', 'message_count', 'user_message_count', 'avatar_message_count', 'last_event_id');
      const e = columns('id', 'source', 'event_type', 'raw_event_type', 'agent_id', 'session_id', 'dedup_key', 'raw_body', 'payload', 'event_at', 'received_at', 'status', 'processed_at');
      const m = columns('session_id', 'event_id', 'role', 'text', 'sent_at', 'sentiment');
      const event = (type: string, agent: string, sessionId: string, at: number, data: Record<string, unknown>) => {
        const id = ++eventId;
        const ts = at / 1000;
        const raw = JSON.stringify({ agent_id: agent, event_type: type, data, timestamp: ts });
        e.id.push(id);
        e.source.push('session');
        e.event_type.push(type);
        e.raw_event_type.push(type);
        e.agent_id.push(agent);
        e.session_id.push(sessionId);
        e.dedup_key.push(`seed:${tag}:${id}`);
        e.raw_body.push(raw);
        e.payload.push(JSON.stringify({ source: 'session', type, rawType: type, agentId: agent, sessionId, deliveryId: null, eventAt: at, data }));
        const iso = new Date(at).toISOString();
        e.event_at.push(iso);
        e.received_at.push(new Date(at + int(20, 400)).toISOString());
        e.status.push('processed');
        e.processed_at.push(new Date(at + int(400, 900)).toISOString());
        const a = agentLast.get(agent);
        if (!a || a.last <= at) agentLast.set(agent, { first: a?.first ?? at, last: at, id });
        return id;
      };
      for (const [i, plan] of batch.entries()) {
        const sessionId = `seed_${tag}_${b + i}`;
        const room = `${plan.agent.replace(/^agent_/, '')}-room-${int(1, ROOMS)}`;
        const participants = int(1, 3);
        let at = plan.start;
        event('room.join', plan.agent, sessionId, at, { room_name: room, participant_count: participants, session_id: sessionId });
        let users = 0;
        for (let k = 0; k < plan.messages; k++) {
          at += int(2_000, k % 2 === 0 ? 25_000 : 8_000);
          const role = k % 2 === 0 ? 'user' : 'assistant';
          const text = messageText(role);
          const id = event('chat.push', plan.agent, sessionId, at, { role, message: text, session_id: sessionId, timestamp: at / 1000 });
          m.session_id.push(sessionId);
          m.event_id.push(id);
          m.role.push(role);
          m.text.push(text);
          m.sent_at.push(new Date(at).toISOString());
          m.sentiment.push(Math.round((random() * 2 - 1) * 1000) / 1000);
          if (role === 'user') users++;
        }
        const ended = at < now - 15 * 60_000;
        s.id.push(sessionId);
        s.agent_id.push(plan.agent);
        s.room_name.push(room);
        s.participant_count.push(participants);
        s.status.push(ended ? 'ended' : 'active');
        s.started_at.push(new Date(plan.start).toISOString());
        s.last_activity_at.push(new Date(at).toISOString());
        s.ended_at.push(ended ? new Date(at + int(5_000, 120_000)).toISOString() : null);
        s.last_join_at.push(new Date(plan.start).toISOString());
        s.message_count.push(plan.messages);
        s.user_message_count.push(users);
        s.avatar_message_count.push(plan.messages - users);
        s.last_event_id.push(eventId);
      }
      await db.transaction(async (tx) => {
        const run: Database = { ...db, query: tx.query, exec: tx.exec };
        await insert(run, 'sessions', s, {
          participant_count: 'int', started_at: 'timestamptz', last_activity_at: 'timestamptz', ended_at: 'timestamptz', last_join_at: 'timestamptz',
          message_count: 'int', user_message_count: 'int', avatar_message_count: 'int', last_event_id: 'bigint',
        });
        await insert(run, 'webhook_events', e, { id: 'bigint', payload: 'text', event_at: 'timestamptz', received_at: 'timestamptz', processed_at: 'timestamptz' });
        await insert(run, 'messages', m, { event_id: 'bigint', sent_at: 'timestamptz', sentiment: 'float8' });
      });
      written += m.session_id.length;
      if (Date.now() - lastReport > 5_000 || b + BATCH_SESSIONS >= plans.length) {
        lastReport = Date.now();
        const secs = (Date.now() - started) / 1000;
        console.log(`  ${written.toLocaleString()} / ${TOTAL_MESSAGES.toLocaleString()} messages (${((100 * written) / TOTAL_MESSAGES).toFixed(1)} %), ${secs.toFixed(0)} s, ${Math.round(written / secs).toLocaleString()} msg/s`);
      }
    }

    for (const [agent, a] of agentLast)
      await db.query('UPDATE agents SET last_event_at = GREATEST(last_event_at, $2::timestamptz), last_event_id = GREATEST(last_event_id, $3::bigint) WHERE id = $1', [agent, new Date(a.last).toISOString(), a.id]);
    // Explicit ids were used: move the sequence past them so the server's own inserts do not collide.
    await db.query(`SELECT setval(pg_get_serial_sequence('webhook_events', 'id'), (SELECT max(id) FROM webhook_events))`);
    // The chart buckets processing would have written, as hour buckets (what a 7-day chart reads).
    console.log('  aggregating chart buckets …');
    await db.query(`
      INSERT INTO metric_buckets (resolution, bucket_start, agent_id, metric, sum, count, max)
      SELECT 'hour', hour, COALESCE(agent_id, ''), metric, count(*), count(*), 1 FROM (
        SELECT date_trunc('hour', m.sent_at) AS hour, s.agent_id, 'messages.' || m.role AS metric
          FROM messages m JOIN sessions s ON s.id = m.session_id
        UNION ALL SELECT date_trunc('hour', e.event_at), e.agent_id, 'events.' || e.event_type FROM webhook_events e
        UNION ALL SELECT date_trunc('hour', s.started_at), s.agent_id, 'sessions.new' FROM sessions s
      ) x
      GROUP BY GROUPING SETS ((hour, agent_id, metric), (hour, metric))
      ON CONFLICT (resolution, bucket_start, agent_id, metric) DO NOTHING`);
    console.log('  analyzing …');
    await db.exec('ANALYZE');
    const [counts] = await db.query<{ sessions: number; messages: number; events: number }>(
      'SELECT (SELECT count(*) FROM sessions)::int AS sessions, (SELECT count(*) FROM messages)::int AS messages, (SELECT count(*) FROM webhook_events)::int AS events',
    );
    console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: the database now holds ${counts!.sessions.toLocaleString()} sessions, ${counts!.messages.toLocaleString()} messages, ${counts!.events.toLocaleString()} events`);
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

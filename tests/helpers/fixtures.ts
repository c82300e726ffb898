import fs from 'node:fs';
import path from 'node:path';

const dir = path.resolve('tests/fixtures/bithuman');

/** A bitHuman sample payload from tests/fixtures/bithuman, parsed, optionally with changes. */
export function fixture<T = Record<string, any>>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as T;
}

let counter = 0;
/** A conversation's events for a fresh session id: join, user, avatar. */
export function conversation(sessionId = `sess_${process.pid}_${++counter}_${Date.now()}`, agentId = 'agent_customer_support') {
  const t = Date.now() / 1000;
  return {
    sessionId,
    join: { agent_id: agentId, event_type: 'room.join', data: { room_name: 'support-room', participant_count: 2, session_id: sessionId }, timestamp: t },
    user: (message: string, at = t + 1) => ({ agent_id: agentId, event_type: 'chat.push', data: { role: 'user', message, session_id: sessionId, timestamp: at }, timestamp: at }),
    avatar: (message: string, at = t + 2) => ({ agent_id: agentId, event_type: 'chat.push', data: { role: 'assistant', message, session_id: sessionId, timestamp: at }, timestamp: at }),
    end: (at = t + 3) => ({ agent_id: agentId, event_type: 'session_end', data: { session_id: sessionId }, timestamp: at }),
  };
}

import type { NormalizedEvent } from './events';

/** At most n characters (code points, so an emoji is never cut in half). */
function clip(s: string, n = 140): string {
  const chars = Array.from(s);
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : s;
}

/** One human line for the live event feed. */
export function describeEvent(e: Pick<NormalizedEvent, 'type' | 'data'>): string {
  const d = e.data;
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
  switch (e.type) {
    case 'room.join': {
      const n = typeof d.participant_count === 'number' ? ` · ${d.participant_count} participant${d.participant_count === 1 ? '' : 's'}` : '';
      return `joined ${str('room_name') ?? 'a room'}${n}`;
    }
    case 'chat.push':
      return `${d.role === 'user' ? 'User' : 'Avatar'}: ${clip(str('message') ?? '')}`;
    case 'session.end':
      return 'session ended';
    case 'agent.ready':
      return 'agent ready';
    case 'agent.failed':
      return `agent failed: ${str('error') ?? 'unknown error'}`;
    case 'test':
      return clip(str('message') ?? 'test webhook');
    case 'ping':
      return 'ping';
    default:
      return str('message') ? clip(str('message')!) : `event ${e.type}`;
  }
}

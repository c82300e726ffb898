import { describe, expect, it } from 'vitest';
import type { HistorySession } from '../../lib/history';
import { historyQuery } from '../../lib/history';
import { SESSION_EXPORT_COLUMNS } from '../../server/history/columns';
import { csvField, csvHeader, csvRow, ndjsonRow, type ExportColumn } from '../../server/history/csv';
import { CursorError, decodeCursor, encodeCursor } from '../../server/history/cursor';
import { exportFilename, exportStream } from '../../server/history/export-stream';

describe('history cursor', () => {
  it('decodes what it encoded, for time and number keys', () => {
    const time = { sort: 'started', order: 'desc', key: '2026-12-01T10:00:00.123Z', id: 'sess_1' } as const;
    const count = { sort: 'messages', order: 'asc', key: 17, id: 'sess,"2"' } as const;
    expect(decodeCursor(encodeCursor(time), { sort: 'started', order: 'desc' })).toEqual(time);
    expect(decodeCursor(encodeCursor(count), { sort: 'messages', order: 'asc' })).toEqual(count);
  });

  it('is opaque and URL-safe', () => {
    const c = encodeCursor({ sort: 'duration', order: 'desc', key: 123456, id: 'a/b+c?d&e' });
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuses a cursor made for another sort or order', () => {
    const c = encodeCursor({ sort: 'started', order: 'desc', key: '2026-12-01T10:00:00.000Z', id: 's' });
    expect(() => decodeCursor(c, { sort: 'messages', order: 'desc' })).toThrow(/sort=started&order=desc/);
    expect(() => decodeCursor(c, { sort: 'started', order: 'asc' })).toThrow(CursorError);
  });

  it('refuses garbage and a key of the wrong kind', () => {
    expect(() => decodeCursor('not-a-cursor', { sort: 'started', order: 'desc' })).toThrow(CursorError);
    const wrongKey = Buffer.from(JSON.stringify(['started', 'desc', 42, 's'])).toString('base64url');
    expect(() => decodeCursor(wrongKey, { sort: 'started', order: 'desc' })).toThrow(CursorError);
    const badTime = Buffer.from(JSON.stringify(['last_activity', 'desc', 'yesterday', 's'])).toString('base64url');
    expect(() => decodeCursor(badTime, { sort: 'last_activity', order: 'desc' })).toThrow(CursorError);
  });
});

describe('historyQuery', () => {
  it('reads dates as UTC midnight and date-times with their offset', () => {
    const q = historyQuery.parse({ from: '2026-12-01', to: '2026-12-02T01:00:00+01:00' });
    expect(q.from!.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(q.to!.toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(q).toMatchObject({ sort: 'started', order: 'desc', limit: 50 });
  });
  it('refuses a range whose from is not before its to, and an unknown sort', () => {
    expect(historyQuery.safeParse({ from: '2026-12-02', to: '2026-12-02' }).success).toBe(false);
    expect(historyQuery.safeParse({ sort: 'random' }).success).toBe(false);
  });
});

describe('csvField()', () => {
  it('leaves plain values alone and writes null as an empty field', () => {
    expect(csvField('hello')).toBe('hello');
    expect(csvField(42)).toBe('42');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(new Date('2026-12-01T10:00:00Z'))).toBe('2026-12-01T10:00:00.000Z');
  });
  it('quotes commas, quotes, newlines and edge spaces, doubling quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(' padded')).toBe('" padded"');
  });
  it('writes objects as quoted JSON', () => {
    expect(csvField({ message: 'a, "b"' })).toBe('"{""message"":""a, \\""b\\""""}"');
  });
});

describe('session export rows', () => {
  const session: HistorySession = {
    id: 'sess_1',
    agentId: 'agent_a',
    roomName: 'lobby, east',
    participantCount: 2,
    status: 'ended',
    startedAt: '2026-12-01T10:00:00.000Z',
    lastActivityAt: '2026-12-01T10:05:00.000Z',
    endedAt: '2026-12-01T10:06:00.000Z',
    messageCount: 4,
    userMessageCount: 2,
    avatarMessageCount: 2,
    seq: 9,
    escalatedAt: null,
    escalatedBy: null,
    durationMs: 360_000,
    analytics: null,
  };

  it('maps a session to one CSV record under the header, in column order', () => {
    expect(csvHeader(SESSION_EXPORT_COLUMNS)).toMatch(/^id,agentId,roomName,status,startedAt,lastActivityAt,endedAt,durationMs,/);
    expect(csvRow(SESSION_EXPORT_COLUMNS, session)).toBe(
      'sess_1,agent_a,"lobby, east",ended,2026-12-01T10:00:00.000Z,2026-12-01T10:05:00.000Z,2026-12-01T10:06:00.000Z,360000,2,4,2,2,,,,,,,,,,\r\n',
    );
  });

  it('maps a session to one NDJSON line with the same keys', () => {
    const line = ndjsonRow(SESSION_EXPORT_COLUMNS, session);
    expect(line.endsWith('\n')).toBe(true);
    const obj = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(obj)).toEqual(SESSION_EXPORT_COLUMNS.map((c) => c.name));
    expect(obj).toMatchObject({ id: 'sess_1', roomName: 'lobby, east', durationMs: 360000, qualityScore: null });
  });
});

describe('exportStream()', () => {
  const columns: ExportColumn<number>[] = [{ name: 'n', value: (n) => n }];
  const source = (total: number, reads: (number | null)[]) => ({
    async page(after: number | null, limit: number) {
      reads.push(after);
      const start = after === null ? 0 : after + 1;
      return Array.from({ length: Math.max(0, Math.min(limit, total - start)) }, (_, i) => start + i);
    },
    positionOf: (n: number) => n,
  });
  const read = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

  it('writes the header once and every row exactly once across pages', async () => {
    const reads: (number | null)[] = [];
    const text = await read(exportStream(source(25, reads), columns, 'csv', 10));
    expect(text).toBe(`n\r\n${Array.from({ length: 25 }, (_, i) => `${i}\r\n`).join('')}`);
    expect(reads).toEqual([null, 9, 19]);
  });

  it('writes NDJSON without a header, and an empty export as nothing', async () => {
    expect(await read(exportStream(source(3, []), columns, 'ndjson', 10))).toBe('{"n":0}\n{"n":1}\n{"n":2}\n');
    expect(await read(exportStream(source(0, []), columns, 'ndjson', 10))).toBe('');
    expect(await read(exportStream(source(0, []), columns, 'csv', 10))).toBe('n\r\n');
  });

  it('reads the next page only when the reader asks for more', async () => {
    const reads: (number | null)[] = [];
    const reader = exportStream(source(1000, reads), columns, 'csv', 10).getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 20));
    expect(reads.length).toBeLessThanOrEqual(2);
    await reader.cancel();
  });
});

describe('exportFilename()', () => {
  it('names the range in a filename-safe way', () => {
    expect(exportFilename('events', { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') }, 'csv')).toBe(
      'avatar-pulse-events-2026-12-01T00-00-00Z_2026-12-02T00-00-00Z.csv',
    );
    expect(exportFilename('sessions', {}, 'ndjson')).toBe('avatar-pulse-sessions-start_now.ndjson');
  });
});

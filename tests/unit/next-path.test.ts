import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../lib/next-path';

describe('safeNextPath()', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeNextPath('/sessions/abc?x=1#m')).toBe('/sessions/abc?x=1#m');
    expect(safeNextPath('/admin/users')).toBe('/admin/users');
  });

  it('falls back to the overview when there is no next', () => {
    expect(safeNextPath(undefined)).toBe('/');
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath('')).toBe('/');
  });

  it.each([
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    'javascript:alert(1)',
    'sessions/abc',
  ])('refuses %j, which could leave the site', (raw) => {
    expect(safeNextPath(raw)).toBe('/');
  });

  it('does not send a signed-in user back to the sign-in pages', () => {
    expect(safeNextPath('/login?next=/login')).toBe('/');
    expect(safeNextPath('/setup')).toBe('/');
  });

  it('takes the first value when the parameter is repeated', () => {
    expect(safeNextPath(['/a', '//evil.example'])).toBe('/a');
  });
});

/**
 * Roles and what each may do, shared by the server (which enforces it) and the dashboard (which
 * hides what the signed-in user cannot do). Each role includes everything the one before it may.
 */

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** watch sessions, transcripts, the feed and stored events */
  view: 'viewer',
  /** act on events and alerts: replay, acknowledge, resolve, escalate */
  operate: 'operator',
  /** manage users and settings, read the audit log */
  administer: 'admin',
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, permission: Permission): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(PERMISSIONS[permission]);
}

/** The signed-in user as the dashboard sees it. */
export interface CurrentUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

export const SESSION_COOKIE = 'pulse_session';
export const MIN_PASSWORD_LENGTH = 10;

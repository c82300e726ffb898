import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { MIN_PASSWORD_LENGTH } from '../../lib/auth';

/** Argon2id with the library's defaults (OWASP's recommended parameters). */

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed hash never matches
  }
}

/** Why a new password is not acceptable, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 1024) return 'password must be at most 1024 characters';
  return null;
}

// A hash to verify against when the account does not exist, so timing does not reveal which
// email addresses have accounts.
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-real-password-for-timing');
  return dummy;
}

/**
 * The password for a new account or a reset: the one an admin typed, or a generated temporary one
 * that the API shows once.
 */
export function choosePassword(given: string | undefined): { password: string; temporary?: string } | { problem: string } {
  if (given === undefined) {
    const temporary = randomBytes(12).toString('base64url');
    return { password: temporary, temporary };
  }
  const problem = passwordProblem(given);
  return problem ? { problem } : { password: given };
}

import fs from 'node:fs';
import type { Browser, BrowserContext, LaunchOptions, Page } from 'playwright-core';
import { fixture } from '../helpers/fixtures';
import { ADMIN, type TestServer } from '../helpers/server';

/** What the browser tests share: how Chromium is launched, bitHuman payloads, signing in. */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser tests need Chromium. A machine without it skips them with a visible message; in CI
 * (CI=true, where .ci/run installs it) a missing browser fails the run instead.
 */
export const hasBrowser: boolean = (() => {
  if (fs.existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`Chromium is required in CI but ${CHROMIUM} does not exist (apt-get install chromium)`);
  console.warn(`[tests] SKIPPING browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return false;
})();
export const LAUNCH: LaunchOptions = {
  executablePath: CHROMIUM,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export type SessionEvent = { event_type: string; agent_id?: string; timestamp?: number; data: Record<string, unknown> };

/** A bitHuman sample payload re-aimed at one session and stamped with a fresh time. */
export function event(name: 'room.join' | 'chat.push.user' | 'chat.push.assistant', sessionId: string, at: number, message?: string): SessionEvent {
  const body = fixture<SessionEvent>(name);
  body.timestamp = at;
  body.data.session_id = sessionId;
  if ('timestamp' in body.data) body.data.timestamp = at;
  if (message !== undefined) body.data.message = message;
  return body;
}

/** "pulse_session=…" as the harness returns it, as a browser cookie for this server. */
export function toBrowserCookie(server: TestServer, cookie: string) {
  const eq = cookie.indexOf('=');
  return { name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: server.url, httpOnly: true, sameSite: 'Lax' as const };
}

/** A browser context already signed in (through the API, not the form) as the given user. */
export async function signedInContext(browser: Browser, server: TestServer, email = ADMIN.email, password = ADMIN.password): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addCookies([toBrowserCookie(server, await server.signIn(email, password))]);
  return context;
}

/** Fill the sign-in form the way a person does: type, press Enter. */
export async function signInWithForm(page: Page, email: string, password: string): Promise<void> {
  const form = page.getByTestId('login-form');
  await form.waitFor({ timeout: 20_000 });
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Password').press('Enter');
}

/** The session cookie this context holds, as a Cookie header ("pulse_session=…"). */
export async function sessionCookieOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'pulse_session');
  if (!cookie) throw new Error('the browser holds no session cookie');
  return `${cookie.name}=${cookie.value}`;
}

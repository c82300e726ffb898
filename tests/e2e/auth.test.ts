import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN, startServer, type TestServer } from '../helpers/server';
import { event, hasBrowser, LAUNCH, sessionCookieOf, signedInContext, signInWithForm, type SessionEvent } from './browser';

/**
 * Signing in and out in a real Chromium against the real server: the sign-in page, what the
 * header shows, what a signed-out tab still receives (nothing), message text that looks like
 * HTML, and what a viewer may reach.
 */

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await chromium.launch(LAUNCH);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function post(body: SessionEvent): Promise<void> {
  const res = await server.post(body);
  expect(res.status).toBe(200);
}

async function waitUntilLive(page: Page): Promise<void> {
  await page.getByTestId('connection-state').filter({ hasText: /^Live$/ }).waitFor({ timeout: 20_000 });
}

/** Resolves with the socket's connect_error message, or 'connected' if the server let it in. */
function socketOutcome(cookie: string): Promise<string> {
  const socket = server.socket(cookie);
  return new Promise((resolve) => {
    socket.once('connect_error', (err) => resolve(err.message));
    socket.once('connect', () => resolve('connected'));
  }).finally(() => socket.close()) as Promise<string>;
}

/** An admin creates an account on the Users page and reads the temporary password it shows once. */
async function createUserInBrowser(admin: BrowserContext, email: string, role: 'viewer' | 'operator' | 'admin'): Promise<{ page: Page; password: string }> {
  const page = await admin.newPage();
  await page.goto(`${server.url}/admin/users`);
  const form = page.getByTestId('create-user-form');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Role').selectOption(role);
  await form.getByRole('button', { name: 'Add user' }).click();
  const shown = page.getByTestId('temporary-password');
  await shown.waitFor({ timeout: 15_000 });
  expect(await shown.textContent()).toContain(email);
  const password = ((await page.getByTestId('temporary-password-value').textContent()) ?? '').trim();
  return { page, password };
}

describe.skipIf(!hasBrowser)('signing in', () => {
  it('sends an anonymous visitor to the sign-in page, refuses a wrong password, and lets the right one in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByTestId('login-form').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('email');

    await signInWithForm(page, ADMIN.email, 'not the password at all');
    const error = page.getByTestId('login-error');
    await error.waitFor({ timeout: 15_000 });
    expect((await error.textContent())?.toLowerCase()).toContain('email or password is wrong');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(page.url()).not.toContain('password');

    await signInWithForm(page, ADMIN.email, ADMIN.password);
    await page.waitForURL(`${server.url}/`, { timeout: 15_000 });
    await waitUntilLive(page);
    const menu = page.getByTestId('user-menu');
    expect(await menu.textContent()).toContain(ADMIN.email);
    expect(await menu.textContent()).toContain('Admin');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).count()).toBe(1);
    await context.close();
  }, 60_000);

  it('after Sign out the tab lands on /login, its other tab follows, and the old cookie opens nothing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const sessionId = `e2e_signout_${Date.now()}`;
    const t = Date.now() / 1000;
    await page.goto(`${server.url}/sessions/${sessionId}`);
    await signInWithForm(page, ADMIN.email, ADMIN.password);
    await page.waitForURL(`**/sessions/${sessionId}`, { timeout: 15_000 });
    await waitUntilLive(page);

    await post(event('chat.push.user', sessionId, t + 1, 'before signing out'));
    const messages = page.getByTestId('message');
    await expect.poll(() => messages.count(), { timeout: 15_000 }).toBe(1);
    expect(await messages.first().textContent()).toContain('before signing out');

    // A second tab of the same browser, watching the same session.
    const otherTab = await context.newPage();
    await otherTab.goto(`${server.url}/sessions/${sessionId}`);
    await waitUntilLive(otherTab);
    await expect.poll(() => otherTab.getByTestId('message').count(), { timeout: 15_000 }).toBe(1);

    const oldCookie = await sessionCookieOf(context);
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/login$/, { timeout: 15_000 });
    await page.getByTestId('login-form').waitFor();

    // The other tab's socket was closed by the server; it says so, then goes to sign in.
    await otherTab.locator('[data-testid="connection-state"][data-reason="signed-out"]').waitFor({ timeout: 15_000 });
    await otherTab.waitForURL(`**/login?next=${encodeURIComponent(`/sessions/${sessionId}`)}`, { timeout: 15_000 });

    await post(event('chat.push.user', sessionId, t + 2, 'after signing out'));
    expect((await context.cookies()).some((c) => c.name === 'pulse_session')).toBe(false);
    expect(await page.evaluate(() => fetch('/api/sessions').then((r) => r.status))).toBe(401);
    expect((await server.getJson('/api/sessions', oldCookie)).status).toBe(401);
    expect((await server.getJson(`/api/sessions/${sessionId}`, oldCookie)).status).toBe(401);
    expect(await socketOutcome(oldCookie)).toBe('unauthenticated');
    // The message did arrive at the server: only the signed-out browser is kept from it.
    await expect
      .poll(async () => JSON.stringify((await server.getJson(`/api/sessions/${sessionId}`)).body), { timeout: 15_000 })
      .toContain('after signing out');
    await context.close();
  }, 90_000);
});

describe.skipIf(!hasBrowser)('message text', () => {
  it('shows messages that look like HTML as literal characters, and runs none of it', async () => {
    const context = await signedInContext(browser, server);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const sessionId = `e2e_xss_${Date.now()}`;
    const t = Date.now() / 1000;
    await page.goto(`${server.url}/sessions/${sessionId}`);
    await waitUntilLive(page);

    const attacks = [
      '<script>window.__xss=1</script>',
      '<img src=x onerror="window.__xss=2">',
      '"><svg onload=window.__xss=3>',
    ];
    for (const [i, text] of attacks.entries()) await post(event('chat.push.user', sessionId, t + 1 + i, text));

    const messages = page.getByTestId('message');
    await expect.poll(() => messages.count(), { timeout: 15_000 }).toBe(3);
    expect(await messages.locator('p').allTextContents()).toEqual(attacks);
    const transcript = page.getByTestId('transcript');
    expect(await transcript.textContent()).toContain('<script>');
    expect(await transcript.locator('img[src="x"]').count()).toBe(0);
    expect(await transcript.locator('script, svg[onload], [onerror]').count()).toBe(0);
    // Give an injected handler time to run, had one been created.
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});

describe.skipIf(!hasBrowser)('roles', () => {
  it('an admin creates a viewer, who signs in with the temporary password and cannot manage users', async () => {
    const admin = await signedInContext(browser, server);
    const email = `viewer_${Date.now()}@pulse.test`;
    const { page: usersPage, password } = await createUserInBrowser(admin, email, 'viewer');
    expect(password.length).toBeGreaterThanOrEqual(10);
    const row = usersPage.locator(`[data-testid="user-row"][data-email="${email}"]`);
    await row.waitFor();
    expect(await row.getByTestId('user-role').inputValue()).toBe('viewer');

    const viewer = await browser.newContext();
    const page = await viewer.newPage();
    await page.goto(server.url);
    await signInWithForm(page, email, password);
    await page.waitForURL(`${server.url}/`, { timeout: 15_000 });
    await waitUntilLive(page);
    expect(await page.getByTestId('user-menu').textContent()).toContain(email);
    expect(await page.getByTestId('user-menu').textContent()).toContain('Viewer');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Overview' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);

    await page.goto(`${server.url}/admin/users`);
    expect(await page.getByTestId('admin-only').textContent()).toContain('Only admins can manage users');
    expect(await page.getByTestId('users-table').count()).toBe(0);
    await page.goto(`${server.url}/admin/audit`);
    expect(await page.getByTestId('admin-only').textContent()).toContain('Only admins');
    expect(await page.getByTestId('audit-table').count()).toBe(0);

    await viewer.close();
    await admin.close();
  }, 90_000);

  it('a user disabled by an admin is signed out of the open dashboard at once', async () => {
    const admin = await signedInContext(browser, server);
    const email = `disabled_${Date.now()}@pulse.test`;
    const { page: usersPage, password } = await createUserInBrowser(admin, email, 'operator');

    const user = await signedInContext(browser, server, email, password);
    const page = await user.newPage();
    await page.goto(server.url);
    await waitUntilLive(page);

    const row = usersPage.locator(`[data-testid="user-row"][data-email="${email}"]`);
    await row.getByTestId('user-disable').click();
    await row.getByTestId('user-enable').waitFor({ timeout: 15_000 });

    await page.locator('[data-testid="connection-state"][data-reason="signed-out"]').waitFor({ timeout: 15_000 });
    await page.waitForURL('**/login?next=%2F', { timeout: 15_000 });
    await signInWithForm(page, email, password);
    const error = page.getByTestId('login-error');
    await error.waitFor({ timeout: 15_000 });
    expect((await error.textContent())?.toLowerCase()).toContain('disabled');

    await user.close();
    await admin.close();
  }, 90_000);

  it('the audit log lists sign-ins and account changes, newest first, and filters by action', async () => {
    const admin = await signedInContext(browser, server);
    await createUserInBrowser(admin, `audited_${Date.now()}@pulse.test`, 'viewer');
    const page = await admin.newPage();
    await page.goto(`${server.url}/admin/audit`);
    const rows = page.getByTestId('audit-row');
    await rows.first().waitFor({ timeout: 15_000 });
    const actions = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-action')));
    expect(actions).toContain('auth.sign_in');
    expect(actions).toContain('user.create');
    const times = await rows.locator('time').evaluateAll((els) => els.map((el) => Date.parse(el.getAttribute('datetime') ?? '')));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    await page.getByLabel('Action').fill('user.create');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect
      .poll(async () => [...new Set(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-action'))))], { timeout: 15_000 })
      .toEqual(['user.create']);
    expect(await rows.first().textContent()).toContain('audited_');
    await admin.close();
  }, 60_000);
});

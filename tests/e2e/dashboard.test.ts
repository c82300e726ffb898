import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN, startServer, type TestServer } from '../helpers/server';
import { event, hasBrowser, LAUNCH, signedInContext, signInWithForm, type SessionEvent } from './browser';

/**
 * The dashboard in a real Chromium, against the real server (production build), driven the way an
 * operator uses it: sign in, open the overview, watch bitHuman events arrive, open a session, read along.
 */

let server: TestServer;
let browser: Browser;
/** Signed in as the admin through the API; the first test signs in through the form instead. */
let admin: BrowserContext;

beforeAll(async () => {
  server = await startServer();
  browser = await chromium.launch(LAUNCH);
  admin = await signedInContext(browser, server);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function post(body: SessionEvent): Promise<void> {
  const res = await server.post(body);
  expect(res.status).toBe(200);
}

/** Set a flag on window: if the page reloads, the flag is gone. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __pulseNoReload?: boolean }).__pulseNoReload = true;
  });
}

async function pageWasNotReloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __pulseNoReload?: boolean }).__pulseNoReload === true);
}

async function waitUntilLive(page: Page): Promise<void> {
  await page.getByTestId('connection-state').filter({ hasText: /^Live$/ }).waitFor({ timeout: 20_000 });
}

async function openOverview(): Promise<Page> {
  const page = await admin.newPage();
  await page.goto(server.url);
  await waitUntilLive(page);
  return page;
}

describe.skipIf(!hasBrowser)('dashboard', () => {
  // Runs first, while the server's database is still empty.
  it('on an empty install, the overview tells a new user how to connect bitHuman, right after signing in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await signInWithForm(page, ADMIN.email, ADMIN.password);
    await page.waitForURL(`${server.url}/`);
    await waitUntilLive(page);
    const help = page.getByTestId('empty-state');
    await help.waitFor({ timeout: 15_000 });
    const text = (await help.textContent()) ?? '';
    expect(text).toContain(`${server.url}/api/webhooks`);
    expect(text).toContain('data/webhook-secret');
    expect(text).toContain('npm run simulate');
    await context.close();
  }, 60_000);

  it('shows a new session, then its live transcript with user and avatar apart, without reloading', async () => {
    const page = await openOverview();
    expect(await page.getByTestId('connection-state').textContent()).toBe('Live');
    await markPage(page);

    const sessionId = `e2e_${Date.now()}`;
    const t = Date.now() / 1000;
    await post(event('room.join', sessionId, t));
    const row = page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('customer-support-room');

    await post(event('chat.push.user', sessionId, t + 1));
    await post(event('chat.push.assistant', sessionId, t + 2));
    await page.getByTestId('feed-item').filter({ hasText: 'chat.push' }).first().waitFor({ timeout: 15_000 });
    expect(await pageWasNotReloaded(page)).toBe(true);

    await row.click();
    await page.waitForURL(`**/sessions/${sessionId}`);
    await page.getByTestId('session-header').waitFor();
    const messages = page.getByTestId('message');
    await expect.poll(() => messages.count(), { timeout: 15_000 }).toBe(2);
    expect(await messages.nth(0).getAttribute('data-role')).toBe('user');
    expect(await messages.nth(0).textContent()).toContain('I need help with my order #12345');
    expect(await messages.nth(0).textContent()).toContain('User');
    expect(await messages.nth(1).getAttribute('data-role')).toBe('assistant');
    expect(await messages.nth(1).textContent()).toContain('Could you tell me what went wrong');
    expect(await messages.nth(1).textContent()).toContain('Avatar');

    await markPage(page);
    await post(event('chat.push.user', sessionId, t + 3, 'It arrived broken.'));
    await expect.poll(() => messages.count(), { timeout: 15_000 }).toBe(3);
    expect(await messages.nth(2).getAttribute('data-role')).toBe('user');
    expect(await messages.nth(2).textContent()).toContain('It arrived broken.');
    expect(await pageWasNotReloaded(page)).toBe(true);
    expect(await page.getByTestId('connection-state').textContent()).toBe('Live');
    await page.close();
  }, 60_000);

  it('places a late message by its send time and shows message text as text, not HTML', async () => {
    const sessionId = `e2e_order_${Date.now()}`;
    const t = Date.now() / 1000;
    const page = await admin.newPage();
    await page.goto(`${server.url}/sessions/${sessionId}`);
    await page.getByText('Waiting for this session’s first event…').waitFor({ timeout: 20_000 });

    await post(event('chat.push.user', sessionId, t + 1, 'first'));
    await post(event('chat.push.user', sessionId, t + 3, 'third <b>bold</b><img src=x onerror="window.__xss=1">'));
    await post(event('chat.push.assistant', sessionId, t + 2, 'second, sent before the third but posted after it'));

    const messages = page.getByTestId('message');
    await expect.poll(() => messages.count(), { timeout: 15_000 }).toBe(3);
    const texts = await messages.locator('p').allTextContents();
    expect(texts).toEqual([
      'first',
      'second, sent before the third but posted after it',
      'third <b>bold</b><img src=x onerror="window.__xss=1">',
    ]);
    expect(await page.locator('[data-testid="transcript"] img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.close();
  }, 60_000);

  it('stops following new messages while the operator reads back, and offers a jump to the latest', async () => {
    const sessionId = `e2e_scroll_${Date.now()}`;
    const t = Date.now() / 1000;
    await post(event('room.join', sessionId, t));
    for (let i = 0; i < 30; i++)
      await post(event(i % 2 ? 'chat.push.assistant' : 'chat.push.user', sessionId, t + 1 + i, `line ${i}\nwith a second line`));

    const page = await admin.newPage();
    await page.setViewportSize({ width: 1000, height: 700 });
    await page.goto(`${server.url}/sessions/${sessionId}`);
    const transcript = page.getByTestId('transcript');
    await expect.poll(() => page.getByTestId('message').count(), { timeout: 15_000 }).toBe(30);
    const distanceFromBottom = () => transcript.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    await expect.poll(distanceFromBottom).toBeLessThan(5);

    await transcript.evaluate((el) => el.scrollTo({ top: 0 }));
    await post(event('chat.push.user', sessionId, t + 40, 'new while reading'));
    await post(event('chat.push.assistant', sessionId, t + 41, 'another new one'));
    const jump = page.getByTestId('jump-to-latest');
    await expect.poll(() => jump.textContent().catch(() => null), { timeout: 15_000 }).toContain('2 new messages');
    expect(await transcript.evaluate((el) => el.scrollTop)).toBe(0);

    await jump.click();
    await expect.poll(distanceFromBottom).toBeLessThan(5);
    expect(await jump.count()).toBe(0);

    // Following again: the next message scrolls into view by itself.
    await post(event('chat.push.user', sessionId, t + 42, 'following again'));
    await expect.poll(() => page.getByTestId('message').count(), { timeout: 15_000 }).toBe(33);
    await expect.poll(distanceFromBottom).toBeLessThan(5);
    await page.close();
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { conversation } from '../helpers/fixtures';
import { startServer, type TestServer } from '../helpers/server';
import { hasBrowser, LAUNCH, signedInContext } from './browser';

/**
 * Alerts in a real Chromium: two operators watch the overview, a user gets angry, both are told,
 * one acknowledges from the toast with a note, and the other sees who did it and why without
 * reloading. Set SCREENSHOT_DIR to keep pictures of what they saw.
 */

let server: TestServer;
let browser: Browser;
const PASSWORD = 'operator password 12345';
const OP1 = `op1_${Date.now()}@pulse.test`;
const OP2 = `op2_${Date.now()}@pulse.test`;
const VIEWER = `viewer_${Date.now()}@pulse.test`;
const shots = process.env.SCREENSHOT_DIR;

async function createUser(email: string, role: 'viewer' | 'operator') {
  const res = await server.request('/api/users', { method: 'POST', body: JSON.stringify({ email, role, password: PASSWORD }) });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  server = await startServer();
  browser = await chromium.launch(LAUNCH);
  await createUser(OP1, 'operator');
  await createUser(OP2, 'operator');
  await createUser(VIEWER, 'viewer');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function post(body: unknown): Promise<void> {
  const res = await server.post(body);
  expect(res.status).toBe(200);
}

async function openOverview(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('connection-state').filter({ hasText: /^Live$/ }).waitFor({ timeout: 20_000 });
  // Connected is not enough: a toast needs the page to have joined the alerts room.
  await page.locator('[data-testid="alerts-badge"][data-subscribed="true"]').waitFor({ state: 'attached', timeout: 20_000 });
  await page.evaluate(() => {
    (window as unknown as { __pulseNoReload?: boolean }).__pulseNoReload = true;
  });
  return page;
}

const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { __pulseNoReload?: boolean }).__pulseNoReload === true);
const badgeCount = async (page: Page) => Number(await page.getByTestId('alerts-badge').getAttribute('data-count'));

async function screenshot(page: Page, name: string) {
  if (!shots) return;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${shots}/alerts-${name}-${scheme}.png`, fullPage: false });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe.skipIf(!hasBrowser)('alerts', () => {
  it('an angry user alerts both operators; one acknowledges from the toast with a note, the other sees who and why, live', async () => {
    const one = await signedInContext(browser, server, OP1, PASSWORD);
    const two = await signedInContext(browser, server, OP2, PASSWORD);
    const pageOne = await openOverview(one);
    const pageTwo = await openOverview(two);
    const before = await badgeCount(pageOne);

    const chat = conversation();
    const angry = 'This is terrible, I am really angry and frustrated!';
    await post(chat.join);
    await post(chat.user(angry));
    // The avatar answers, so no "avatar silent" alert joins in while we watch.
    await post(chat.avatar('I am sorry to hear that. Let me get someone to help you.'));

    // Both operators are told.
    const toastOne = pageOne.locator('[data-testid="toast"][data-rule="frustration"]');
    const toastTwo = pageTwo.locator('[data-testid="toast"][data-rule="frustration"]');
    await toastOne.waitFor({ timeout: 20_000 });
    await toastTwo.waitFor({ timeout: 20_000 });
    const alertId = await toastOne.getAttribute('data-alert-id');
    expect(alertId).toMatch(/^\d+$/);
    expect(await toastTwo.getAttribute('data-alert-id')).toBe(alertId);
    expect(await toastOne.getAttribute('data-state')).toBe('triggered');
    expect(await toastOne.getByRole('link', { name: 'Open transcript' }).getAttribute('href')).toBe(
      `/sessions/${encodeURIComponent(chat.sessionId)}?alert=${alertId}`,
    );
    await expect.poll(() => badgeCount(pageOne), { timeout: 10_000 }).toBe(before + 1);
    await expect.poll(() => badgeCount(pageTwo), { timeout: 10_000 }).toBe(before + 1);
    expect(await pageOne.title()).toMatch(new RegExp(`^\\(${before + 1}\\) `));
    await screenshot(pageOne, 'overview-toast');

    // Operator two opens the alerts page from the navigation (no reload) and sees it triggered.
    await pageTwo.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Alerts/ }).click();
    await pageTwo.waitForURL('**/alerts');
    const row = pageTwo.locator(`[data-testid="alert-row"][data-alert-id="${alertId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-state')).toBe('triggered');
    expect(await row.getByTestId('alert-session-link').getAttribute('href')).toBe(
      `/sessions/${encodeURIComponent(chat.sessionId)}?alert=${alertId}`,
    );

    // Operator one acknowledges from the toast, with a note.
    const note = 'Calling the customer back now';
    await toastOne.getByTestId('toast-note').fill(note);
    await toastOne.getByTestId('toast-ack').click();

    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('acknowledged');
    const ackedBy = row.getByTestId('alert-acked-by');
    expect(await ackedBy.textContent()).toContain(OP1);
    expect(await ackedBy.textContent()).toContain(note);
    expect(await row.getByTestId('alert-ack').count()).toBe(0);
    // Operator two's toast says so too, and both badges dropped.
    await expect.poll(async () => (await toastTwo.count()) === 0 || (await toastTwo.getAttribute('data-state')) === 'acknowledged', { timeout: 10_000 }).toBe(true);
    await expect.poll(() => badgeCount(pageTwo), { timeout: 10_000 }).toBe(before);
    await expect.poll(() => badgeCount(pageOne), { timeout: 10_000 }).toBe(before);
    expect(await notReloaded(pageTwo)).toBe(true);
    expect(await notReloaded(pageOne)).toBe(true);
    await screenshot(pageTwo, 'page');

    // The session page: the angry message carries its sentiment and the alert's marker, ringed.
    await pageOne.goto(`${server.url}/sessions/${encodeURIComponent(chat.sessionId)}?alert=${alertId}`);
    const message = pageOne.locator('[data-testid="message"][data-role="user"]').filter({ hasText: angry });
    await message.waitFor({ timeout: 15_000 });
    const sentiment = message.getByTestId('message-sentiment');
    await sentiment.waitFor({ timeout: 10_000 });
    expect(Number(await sentiment.getAttribute('data-sentiment'))).toBeLessThanOrEqual(-0.5);
    expect(await sentiment.getAttribute('title')).toMatch(/negative/);
    const marker = message.getByTestId('message-alert-marker');
    await marker.waitFor({ timeout: 10_000 });
    expect(await marker.getAttribute('data-alert-id')).toBe(alertId);
    expect(await marker.textContent()).toContain('Frustration');
    expect(await message.getAttribute('data-highlighted')).toBe('true');
    // The avatar's calm answer carries neither.
    const reply = pageOne.locator('[data-testid="message"][data-role="assistant"]');
    expect(await reply.getByTestId('message-sentiment').count()).toBe(0);
    expect(await reply.getByTestId('message-alert-marker').count()).toBe(0);
    await screenshot(pageOne, 'session');

    // Hand over to a human: the session page says who, and the overview marks the row.
    await pageOne.getByTestId('handover').click();
    await pageOne.getByTestId('handover-note').fill('Customer asked for a person');
    await pageOne.getByTestId('handover-confirm').click();
    const escalated = pageOne.getByTestId('session-escalated');
    await escalated.waitFor({ timeout: 10_000 });
    expect(await escalated.textContent()).toContain(`Handed over by ${OP1}`);
    await pageTwo.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    const sessionRow = pageTwo.locator(`[data-testid="session-row"][data-session-id="${chat.sessionId}"]`);
    await sessionRow.getByTestId('session-escalated').waitFor({ timeout: 15_000 });
    expect(await sessionRow.getByTestId('session-alert-marker').textContent()).toContain('1 alert');
    await screenshot(pageOne, 'session-handed-over');
    await one.close();
    await two.close();
  }, 120_000);

  it('on the alerts page, j selects a row and r resolves it; a viewer sees the alert but no actions', async () => {
    const chat = conversation();
    await post(chat.join);
    await post(chat.user('This is awful. I hate this, it is useless and I am furious!'));
    await post(chat.avatar('I understand. Let me help.'));

    const one = await signedInContext(browser, server, OP1, PASSWORD);
    const page = await one.newPage();
    // Wait for the server to record the alert, then open the page on it.
    let alertId = 0;
    await expect
      .poll(async () => {
        const { body } = await server.getJson<{ alerts: { id: number; rule: string }[] }>(`/api/alerts?session=${encodeURIComponent(chat.sessionId)}`);
        alertId = body.alerts.find((a) => a.rule === 'frustration')?.id ?? 0;
        return alertId;
      }, { timeout: 15_000 })
      .toBeGreaterThan(0);
    await page.goto(`${server.url}/alerts`);
    const rows = page.getByTestId('alert-row');
    await rows.first().waitFor({ timeout: 15_000 });
    const row = page.locator(`[data-testid="alert-row"][data-alert-id="${alertId}"]`);
    // Newest first: the alert just raised is the first row, which j selects.
    expect(await rows.first().getAttribute('data-alert-id')).toBe(String(alertId));
    await page.keyboard.press('j');
    expect(await row.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('r');
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('resolved');

    const viewer = await signedInContext(browser, server, VIEWER, PASSWORD);
    const viewerPage = await viewer.newPage();
    await viewerPage.goto(`${server.url}/alerts?id=${alertId}`);
    const viewerRow = viewerPage.locator(`[data-testid="alert-row"][data-alert-id="${alertId}"]`);
    await viewerRow.waitFor({ timeout: 15_000 });
    expect(await viewerRow.getAttribute('data-state')).toBe('resolved');
    expect(await viewerRow.getAttribute('aria-selected')).toBe('true');
    expect(await viewerPage.locator('[data-testid="alert-ack"], [data-testid="alert-resolve"], [data-testid="alert-snooze"]').count()).toBe(0);
    await one.close();
    await viewer.close();
  }, 90_000);

  it('an admin adds a channel, tests it (the failure is shown), disables and deletes it', async () => {
    const admin = await signedInContext(browser, server);
    const page = await admin.newPage();
    await page.goto(`${server.url}/admin/notifications`);
    const form = page.getByTestId('add-channel-form');
    await form.getByLabel('Name').fill('Nobody listens');
    await form.getByLabel('Kind').selectOption('webhook');
    // A port nothing listens on: the test delivery fails, and says why.
    await form.getByLabel('URL').fill('http://127.0.0.1:9/secret-path');
    await form.getByRole('button', { name: 'Add channel' }).click();
    const row = page.getByTestId('channels-table').getByTestId('channel-row').filter({ hasText: 'Nobody listens' });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).not.toContain('secret-path');
    await row.getByTestId('channel-test').click();
    const outcome = row.getByTestId('channel-test-outcome');
    await outcome.waitFor({ timeout: 60_000 });
    expect(await outcome.getAttribute('data-status')).toBe('failed');
    await screenshot(page, 'admin-notifications');
    await row.getByTestId('channel-disable').click();
    await row.getByTestId('channel-enable').waitFor({ timeout: 10_000 });
    await row.getByTestId('channel-delete').click();
    await row.getByTestId('channel-delete-confirm').click();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    await admin.close();
  }, 120_000);
});

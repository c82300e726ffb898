import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { conversation } from '../helpers/fixtures';
import { eventually, startServer, type TestServer } from '../helpers/server';
import { hasBrowser, LAUNCH, signedInContext } from './browser';

/**
 * The analytics views in a real Chromium against the real server: the overview's live charts
 * follow new messages without a reload, and an agent's capacity bar turns red at its limit.
 */

let server: TestServer;
let browser: Browser;
let admin: BrowserContext;

beforeAll(async () => {
  server = await startServer({ env: { ALERT_CAPACITY_PER_AGENT: '2', CAPACITY_LIMITS: 'agent_busy=2' } });
  browser = await chromium.launch(LAUNCH);
  admin = await signedInContext(browser, server);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function post(body: unknown): Promise<void> {
  const res = await server.post(body);
  expect(res.status).toBe(200);
}

async function openLive(path: string): Promise<Page> {
  const page = await admin.newPage();
  await page.goto(`${server.url}${path}`);
  await page.getByTestId('connection-state').filter({ hasText: /^Live$/ }).waitFor({ timeout: 20_000 });
  return page;
}

async function attribute(page: Page, testId: string, name: string): Promise<string | null> {
  return page.getByTestId(testId).getAttribute(name);
}

describe.skipIf(!hasBrowser)('analytics', () => {
  it('the overview draws the last hour of sessions and messages, and the messages chart follows new messages without a reload', async () => {
    const chat = conversation(undefined, 'agent_charts');
    await post(chat.join);
    await post(chat.user('hello, is anyone there?'));

    const page = await openLive('/');
    await page.evaluate(() => {
      (window as unknown as { __pulseNoReload?: boolean }).__pulseNoReload = true;
    });
    // Both charts draw an SVG path. The active-sessions gauge may hold a single point on a server
    // this young (it is sampled once a minute), drawn as a dot on a zero-length path.
    await page.locator('[data-testid="live-chart-active"] svg path.recharts-curve').first().waitFor({ state: 'attached', timeout: 20_000 });
    await page.locator('[data-testid="live-chart-messages"] svg path').first().waitFor({ timeout: 20_000 });
    const before = Number(await attribute(page, 'live-chart-messages', 'data-total'));
    expect(before).toBeGreaterThanOrEqual(1);
    expect(Number(await attribute(page, 'live-chart-messages', 'data-points'))).toBeGreaterThanOrEqual(60);

    await post(chat.avatar('Yes, I am here. How can I help?'));
    await post(chat.user('my invoice is wrong', Date.now() / 1000));
    await post(chat.avatar('Let me look at it.', Date.now() / 1000 + 1));

    await eventually(
      async () => Number(await attribute(page, 'live-chart-messages', 'data-total')) >= before + 3,
      30_000,
      'the messages chart to count the three new messages',
    );
    // The active-sessions chart ends on the live count (pushed every 10 s): one active session.
    await eventually(async () => Number(await attribute(page, 'live-chart-active', 'data-latest')) >= 1, 25_000, 'the active-sessions chart to show the open session');
    expect(await page.evaluate(() => (window as unknown as { __pulseNoReload?: boolean }).__pulseNoReload)).toBe(true);
    await page.close();
  }, 90_000);

  it('an agent’s capacity bar goes from ok to red when its sessions reach its limit', async () => {
    const page = await openLive('/capacity');
    const bar = page.locator('[data-testid="capacity-bar"][data-agent="agent_busy"]');

    // A configured limit lists the agent even before it has sessions.
    await bar.waitFor({ timeout: 20_000 });
    expect(await bar.getAttribute('data-level')).toBe('ok');

    await post(conversation(undefined, 'agent_busy').join);
    await eventually(async () => (await bar.getAttribute('data-level')) === 'ok' && (await bar.getAttribute('aria-valuenow')) === '1', 20_000, '1 of 2 active');

    await post(conversation(undefined, 'agent_busy').join);
    await eventually(async () => (await bar.getAttribute('data-level')) === 'over', 20_000, 'the bar to turn red at 2 of 2');
    expect(await bar.getAttribute('aria-valuenow')).toBe('2');
    expect(await bar.getAttribute('aria-valuemax')).toBe('2');
    // A room table row for the busy agent's room.
    expect(await page.getByTestId('room-row').count()).toBeGreaterThanOrEqual(1);
    await page.close();
  }, 60_000);

  it('the analytics page shows its charts for the chosen range, and the range is in the URL', async () => {
    const page = await openLive('/analytics');
    await page.getByTestId('analytics-chart').first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('analytics-chart').count()).toBe(6);
    await page.getByRole('button', { name: '1 h' }).click();
    await page.waitForURL(/range=1h/);
    // New sessions in the last hour: three were started by the tests above.
    await eventually(async () => {
      const text = (await page.locator('[data-chart="sessions-over-time"]').locator('[data-total]').getAttribute('data-total')) ?? '0';
      return Number(text) >= 3;
    }, 20_000, 'the sessions chart to count the new sessions');

    // A custom range starts from what was shown, and is in the URL too.
    await page.getByRole('button', { name: 'Custom' }).click();
    await page.waitForURL(/range=custom&from=.+&to=/);
    await page.locator('[data-chart="sessions-over-time"] [data-total]').waitFor({ timeout: 20_000 });

    // An agent with no traffic: every chart says so calmly instead of drawing nothing.
    await page.goto(`${server.url}/analytics?range=24h&agent=agent_nobody`);
    const sessions = page.locator('[data-chart="sessions-over-time"] [data-empty="true"]');
    await sessions.waitFor({ timeout: 20_000 });
    expect(await sessions.textContent()).toBe('No data in this range');
    await page.close();
  }, 60_000);

  it('history finds an agent’s sessions, links each to its session page, and exports with the same filters', async () => {
    const page = await admin.newPage();
    await page.goto(`${server.url}/history`);
    await page.getByLabel('Agent').fill('agent_busy');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/agent=agent_busy/);
    const rows = page.getByTestId('history-row');
    await eventually(async () => (await rows.count()) === 2, 15_000, 'the two agent_busy sessions');
    const href = await rows.first().getByRole('link').getAttribute('href');
    expect(href).toMatch(/^\/sessions\//);
    expect(await page.getByTestId('export-sessions-csv').getAttribute('href')).toContain('agent=agent_busy');
    expect(await page.getByTestId('export-sessions-ndjson').getAttribute('href')).toContain('format=ndjson');
    // The link downloads the agent's sessions.
    const csv = await server.request((await page.getByTestId('export-sessions-csv').getAttribute('href'))!);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    expect((await csv.text()).trim().split('\n')).toHaveLength(3);

    // One session a page: the second comes with "Load more", through the server's cursor.
    await page.goto(`${server.url}/history?agent=agent_busy&sort=messages&order=asc&limit=1`);
    await eventually(async () => (await rows.count()) === 1, 15_000, 'the first page');
    await page.getByTestId('history-load-more').click();
    await eventually(async () => (await rows.count()) === 2, 15_000, 'the second page');
    expect(await page.getByTestId('history-load-more').count()).toBe(0);
    const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id')));
    expect(new Set(ids).size).toBe(2);
    await page.close();
  }, 60_000);
});

'use client';

import Link from 'next/link';
import { useEffect, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { SEVERITIES } from '@/lib/alerts';
import { callApi, sentence } from '@/lib/api-client';
import { Badge } from '@/components/ui/Badge';
import { Panel } from '@/components/ui/Panel';
import { RelativeTime } from '@/components/ui/RelativeTime';
import { errorClass, inputClass, labelClass, primaryButtonClass, secondaryButtonClass } from '@/components/ui/form';
import {
  channelList,
  channelOnly,
  channelTestOutcome,
  deliveryList,
  type ChannelRow,
  type ChannelTestOutcome,
  type DeliveryRow,
} from './schemas';

const th = 'whitespace-nowrap px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400';
const td = 'px-3 py-2 align-top';

const circuitTone = (c: string) => (c === 'closed' ? 'green' : c === 'open' ? 'red' : 'amber');
const circuitHelp: Record<string, string> = {
  closed: 'deliveries go through',
  open: 'too many failures: deliveries wait until the circuit half-opens',
  'half-open': 'trying one delivery to see whether the channel is back',
};

/**
 * Where alerts go besides the dashboard: webhook and Slack channels (URLs are masked, they carry
 * secrets), each with a test, enable/disable and delete; and the deliveries that failed.
 */
export function NotificationsAdmin() {
  const [channels, setChannels] = useState<ChannelRow[] | null>(null);
  const [failed, setFailed] = useState<DeliveryRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = () => setGeneration((g) => g + 1);

  useEffect(() => {
    let current = true;
    Promise.all([callApi('/api/channels', channelList), callApi('/api/notifications?status=failed&limit=100', deliveryList)]).then(([c, d]) => {
      if (!current) return;
      if (c.ok) setChannels(c.data.channels);
      if (d.ok) setFailed(d.data.deliveries);
      const problem = !c.ok ? c : !d.ok ? d : null;
      setError(problem ? sentence(problem.message) : null);
    });
    return () => {
      current = false;
    };
  }, [generation]);

  return (
    <div className="space-y-6">
      <h1 className="text-lg font-semibold">Notifications</h1>
      {error ? (
        <p role="alert" className={errorClass}>
          {error}
        </p>
      ) : null}
      <AddChannel onAdded={reload} />
      <Panel id="channels" title="Channels" aside="Sent and failed: the last 24 hours">
        {channels && channels.length === 0 ? (
          <p className="px-4 py-6 text-sm text-zinc-500 dark:text-zinc-400">No channels yet. Alerts show on the dashboard only; add a webhook or Slack channel above to be told elsewhere.</p>
        ) : (
          <div className="overflow-x-auto">
            <table data-testid="channels-table" className="w-full text-sm" aria-busy={channels === null}>
              <caption className="sr-only">Notification channels, oldest first</caption>
              <thead className="border-b border-zinc-200 dark:border-zinc-800">
                <tr>
                  <th scope="col" className={th}>Name</th>
                  <th scope="col" className={th}>Kind</th>
                  <th scope="col" className={th}>URL</th>
                  <th scope="col" className={th}>Min severity</th>
                  <th scope="col" className={th}>Escalations</th>
                  <th scope="col" className={th}>Status</th>
                  <th scope="col" className={th}>Circuit</th>
                  <th scope="col" className={`${th} text-right`}>Sent</th>
                  <th scope="col" className={`${th} text-right`}>Failed</th>
                  <th scope="col" className={th}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {(channels ?? []).map((c) => (
                  <ChannelRowView
                    key={c.id}
                    channel={c}
                    onChanged={(next) => setChannels((list) => list?.map((x) => (x.id === next.id ? { ...next, last24h: next.last24h ?? x.last24h } : x)) ?? null)}
                    onDeleted={() => setChannels((list) => list?.filter((x) => x.id !== c.id) ?? null)}
                    onTested={reload}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
      <FailedDeliveries deliveries={failed} onRefresh={reload} />
    </div>
  );
}

function AddChannel({ onAdded }: { onAdded: () => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formElement = e.currentTarget;
    const form = new FormData(formElement);
    setPending(true);
    setError(null);
    const result = await callApi('/api/channels', channelOnly, {
      method: 'POST',
      body: {
        name: String(form.get('name') ?? '').trim(),
        kind: String(form.get('kind') ?? 'webhook'),
        url: String(form.get('url') ?? '').trim(),
        minSeverity: String(form.get('minSeverity') ?? 'warning'),
        escalation: form.get('escalation') === 'on',
      },
    });
    setPending(false);
    if (!result.ok) return setError(sentence(result.message));
    formElement.reset();
    onAdded();
  }

  return (
    <Panel id="add-channel" title="Add a channel">
      <form data-testid="add-channel-form" onSubmit={submit} className="grid gap-4 p-4 sm:grid-cols-2 lg:grid-cols-[1.5fr_1fr_3fr_1fr_auto_auto] lg:items-end">
        <div>
          <label htmlFor="channel-name" className={labelClass}>
            Name
          </label>
          <input id="channel-name" name="name" required maxLength={100} autoComplete="off" placeholder="On-call Slack" className={inputClass} />
        </div>
        <div>
          <label htmlFor="channel-kind" className={labelClass}>
            Kind
          </label>
          <select id="channel-kind" name="kind" defaultValue="slack" className={inputClass}>
            <option value="slack">Slack</option>
            <option value="webhook">Webhook</option>
          </select>
        </div>
        <div>
          <label htmlFor="channel-url" className={labelClass}>
            URL
          </label>
          <input id="channel-url" name="url" type="url" required maxLength={2000} autoComplete="off" spellCheck={false} placeholder="https://hooks.slack.com/services/…" className={inputClass} />
        </div>
        <div>
          <label htmlFor="channel-severity" className={labelClass}>
            Min severity
          </label>
          <select id="channel-severity" name="minSeverity" defaultValue="warning" className={inputClass}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input type="checkbox" name="escalation" defaultChecked className="h-4 w-4 rounded border-zinc-300 dark:border-zinc-700" />
          Escalations
        </label>
        <button type="submit" disabled={pending} className={primaryButtonClass}>
          {pending ? 'Adding…' : 'Add channel'}
        </button>
        {error ? (
          <p role="alert" data-testid="add-channel-error" className={`${errorClass} sm:col-span-2 lg:col-span-6`}>
            {error}
          </p>
        ) : null}
      </form>
    </Panel>
  );
}

function ChannelRowView({
  channel: c,
  onChanged,
  onDeleted,
  onTested,
}: {
  channel: ChannelRow;
  onChanged: (c: ChannelRow) => void;
  onDeleted: () => void;
  onTested: () => void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ChannelTestOutcome | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const path = `/api/channels/${encodeURIComponent(c.id)}`;

  async function toggle() {
    setBusy('toggle');
    setError(null);
    const result = await callApi(path, channelOnly, { method: 'PATCH', body: { enabled: !c.enabled } });
    setBusy(null);
    if (result.ok) onChanged(result.data.channel);
    else setError(sentence(result.message));
  }

  async function test() {
    setBusy('test');
    setError(null);
    setOutcome(null);
    const result = await callApi(`${path}/test`, channelTestOutcome, { method: 'POST' });
    setBusy(null);
    if (!result.ok) return setError(sentence(result.message));
    setOutcome(result.data);
    onTested();
  }

  async function remove() {
    setBusy('delete');
    setError(null);
    const result = await callApi(path, z.object({ deleted: z.string() }), { method: 'DELETE' });
    setBusy(null);
    if (result.ok) onDeleted();
    else setError(sentence(result.message));
  }

  return (
    <tr data-testid="channel-row" data-channel-id={c.id} className={c.enabled ? '' : 'text-zinc-500 dark:text-zinc-400'}>
      <td className={`${td} font-medium`}>
        {c.name}
        {outcome ? (
          <p data-testid="channel-test-outcome" data-status={outcome.status} role="status" className={`mt-1 text-xs font-normal ${outcome.status === 'sent' ? 'text-emerald-700 dark:text-emerald-300' : 'text-red-700 dark:text-red-300'}`}>
            {outcome.status === 'sent'
              ? `Test delivered (${outcome.attempts} ${outcome.attempts === 1 ? 'attempt' : 'attempts'}).`
              : `Test failed after ${outcome.attempts} ${outcome.attempts === 1 ? 'attempt' : 'attempts'}: ${outcome.error ?? 'no answer'}`}
          </p>
        ) : null}
        {error ? (
          <p role="alert" className="mt-1 text-xs font-normal text-red-700 dark:text-red-300">
            {error}
          </p>
        ) : null}
      </td>
      <td className={td}>{c.kind === 'slack' ? 'Slack' : 'Webhook'}</td>
      <td className={`${td} font-mono text-xs`} title="Only scheme and host are shown: the rest of the URL is a secret">
        {c.url}
      </td>
      <td className={td}>{c.minSeverity}</td>
      <td className={td}>{c.escalation ? 'yes' : 'no'}</td>
      <td className={td}>{c.enabled ? <Badge tone="green">Enabled</Badge> : <Badge tone="neutral">Disabled</Badge>}</td>
      <td className={td}>
        <span title={circuitHelp[c.circuit] ?? c.circuit}>
          <Badge tone={circuitTone(c.circuit)}>{c.circuit}</Badge>
        </span>
      </td>
      <td className={`${td} text-right tabular-nums`}>{c.last24h?.sent ?? '–'}</td>
      <td className={`${td} text-right tabular-nums ${c.last24h?.failed ? 'font-medium text-red-700 dark:text-red-300' : ''}`}>{c.last24h?.failed ?? '–'}</td>
      <td className={`${td} whitespace-nowrap text-right`}>
        <div className="flex justify-end gap-2">
          <button type="button" data-testid="channel-test" disabled={busy !== null} onClick={test} className={secondaryButtonClass}>
            {busy === 'test' ? 'Testing…' : 'Test'}
          </button>
          <button type="button" data-testid={c.enabled ? 'channel-disable' : 'channel-enable'} disabled={busy !== null} onClick={toggle} className={secondaryButtonClass}>
            {c.enabled ? 'Disable' : 'Enable'}
          </button>
          {confirmDelete ? (
            <>
              <button type="button" data-testid="channel-delete-confirm" disabled={busy !== null} onClick={remove} className={`${secondaryButtonClass} border-red-300 text-red-700 dark:border-red-500/40 dark:text-red-300`}>
                {busy === 'delete' ? 'Deleting…' : 'Delete for good'}
              </button>
              <button type="button" onClick={() => setConfirmDelete(false)} className={secondaryButtonClass}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" data-testid="channel-delete" disabled={busy !== null} onClick={() => setConfirmDelete(true)} className={secondaryButtonClass}>
              Delete
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

function FailedDeliveries({ deliveries, onRefresh }: { deliveries: DeliveryRow[] | null; onRefresh: () => void }) {
  return (
    <Panel
      id="failed-deliveries"
      title="Failed deliveries"
      aside={
        <button type="button" onClick={onRefresh} className="underline">
          Refresh
        </button>
      }
    >
      {deliveries && deliveries.length === 0 ? (
        <p className="px-4 py-6 text-sm text-zinc-500 dark:text-zinc-400">No failed deliveries.</p>
      ) : (
        <div className="overflow-x-auto">
          <table data-testid="failed-deliveries-table" className="w-full text-sm" aria-busy={deliveries === null}>
            <caption className="sr-only">Notifications that could not be delivered, newest first</caption>
            <thead className="border-b border-zinc-200 dark:border-zinc-800">
              <tr>
                <th scope="col" className={th}>When</th>
                <th scope="col" className={th}>Channel</th>
                <th scope="col" className={th}>Alert</th>
                <th scope="col" className={th}>Kind</th>
                <th scope="col" className={`${th} text-right`}>Attempts</th>
                <th scope="col" className={th}>Last error</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {(deliveries ?? []).map((d) => (
                <tr key={d.id} data-testid="failed-delivery-row">
                  <td className={`${td} whitespace-nowrap`}>
                    <RelativeTime iso={d.createdAt} />
                  </td>
                  <td className={td}>{d.channel.name}</td>
                  <td className={td}>
                    <Link href={`/alerts?id=${d.alert.id}`} className="text-sky-700 hover:underline dark:text-sky-400">
                      {d.alert.title}
                    </Link>
                    <span className="ml-2 text-xs text-zinc-500 dark:text-zinc-400">{d.alert.severity}</span>
                  </td>
                  <td className={td}>{d.kind}</td>
                  <td className={`${td} text-right tabular-nums`}>{d.attempts}</td>
                  <td className={`${td} max-w-[24rem] break-words font-mono text-xs text-red-700 dark:text-red-300`}>{d.lastError ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

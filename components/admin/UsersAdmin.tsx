'use client';

import { useState, type FormEvent } from 'react';
import { callApi, sentence } from '@/lib/api-client';
import { MIN_PASSWORD_LENGTH, ROLES, type Role } from '@/lib/auth';
import { Badge } from '@/components/ui/Badge';
import { Panel } from '@/components/ui/Panel';
import { RelativeTime } from '@/components/ui/RelativeTime';
import { errorClass, inputClass, labelClass, primaryButtonClass, secondaryButtonClass } from '@/components/ui/form';
import { userOnly, userWithPassword, type UserRow } from './schemas';

const th = 'whitespace-nowrap px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400';
const td = 'px-3 py-2 align-middle';

const roleHelp: Record<Role, string> = {
  viewer: 'watches sessions and transcripts',
  operator: 'also replays events and handles alerts',
  admin: 'also manages users and reads the audit log',
};

/** A generated password, shown once: the server keeps only its hash. */
interface Revealed {
  email: string;
  password: string;
  why: 'created' | 'reset';
}

/**
 * Accounts: create, change role, disable or enable, reset password. The signed-in admin's own row
 * has no actions: changing your own role, disabling yourself or resetting your own password here
 * would end the very session you are using.
 */
export function UsersAdmin({ initialUsers, selfId }: { initialUsers: UserRow[]; selfId: string }) {
  const [users, setUsers] = useState(initialUsers);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [rowError, setRowError] = useState<{ id: string; message: string } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const replace = (user: UserRow) => setUsers((list) => list.map((u) => (u.id === user.id ? user : u)));

  async function change(user: UserRow, patch: { role: Role } | { disabled: boolean }) {
    setBusyId(user.id);
    setRowError(null);
    const result = await callApi(`/api/users/${encodeURIComponent(user.id)}`, userOnly, { method: 'PATCH', body: patch });
    setBusyId(null);
    if (result.ok) replace(result.data.user);
    else setRowError({ id: user.id, message: sentence(result.message) });
  }

  async function resetPassword(user: UserRow) {
    setBusyId(user.id);
    setRowError(null);
    const result = await callApi(`/api/users/${encodeURIComponent(user.id)}/password`, userWithPassword, { method: 'POST', body: {} });
    setBusyId(null);
    if (!result.ok) return setRowError({ id: user.id, message: sentence(result.message) });
    replace(result.data.user);
    if (result.data.temporaryPassword) setRevealed({ email: user.email, password: result.data.temporaryPassword, why: 'reset' });
  }

  return (
    <div className="space-y-6">
      <h1 className="text-lg font-semibold">Users</h1>
      {revealed ? <TemporaryPassword revealed={revealed} onDone={() => setRevealed(null)} /> : null}
      <CreateUser
        onCreated={(user, temporaryPassword) => {
          setUsers((list) => [...list, user]);
          if (temporaryPassword) setRevealed({ email: user.email, password: temporaryPassword, why: 'created' });
        }}
      />
      <Panel id="users" title="Accounts" aside="Changing a role, disabling or resetting a password signs that user out everywhere.">
        <div className="overflow-x-auto">
          <table data-testid="users-table" className="w-full text-sm">
            <caption className="sr-only">Accounts, oldest first</caption>
            <thead className="border-b border-zinc-200 dark:border-zinc-800">
              <tr>
                <th scope="col" className={th}>Email</th>
                <th scope="col" className={th}>Role</th>
                <th scope="col" className={th}>Status</th>
                <th scope="col" className={th}>Last sign-in</th>
                <th scope="col" className={th}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {users.map((u) => {
                const self = u.id === selfId;
                const busy = busyId === u.id;
                return (
                  <tr key={u.id} data-testid="user-row" data-email={u.email} className={u.disabled ? 'text-zinc-500 dark:text-zinc-400' : ''}>
                    <td className={td}>
                      <div className="font-medium">
                        {u.email}
                        {self ? <span className="ml-2 text-xs font-normal text-zinc-500 dark:text-zinc-400">(you)</span> : null}
                      </div>
                      {u.name ? <div className="text-xs text-zinc-500 dark:text-zinc-400">{u.name}</div> : null}
                      {rowError?.id === u.id ? (
                        <p role="alert" data-testid="user-error" className="mt-1 text-xs text-red-700 dark:text-red-300">
                          {rowError.message}
                        </p>
                      ) : null}
                    </td>
                    <td className={td}>
                      <label className="sr-only" htmlFor={`role-${u.id}`}>
                        Role of {u.email}
                      </label>
                      <select
                        id={`role-${u.id}`}
                        data-testid="user-role"
                        value={u.role}
                        disabled={self || busy}
                        title={self ? 'Another admin can change your role' : roleHelp[u.role]}
                        onChange={(e) => change(u, { role: e.target.value as Role })}
                        className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900"
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className={td}>{u.disabled ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}</td>
                    <td className={`${td} whitespace-nowrap text-zinc-600 dark:text-zinc-400`}>
                      {u.lastSignInAt ? <RelativeTime iso={u.lastSignInAt} /> : 'never'}
                    </td>
                    <td className={`${td} whitespace-nowrap text-right`}>
                      {self ? null : (
                        <div className="flex justify-end gap-2">
                          <button
                            type="button"
                            data-testid={u.disabled ? 'user-enable' : 'user-disable'}
                            disabled={busy}
                            onClick={() => change(u, { disabled: !u.disabled })}
                            className={secondaryButtonClass}
                          >
                            {u.disabled ? 'Enable' : 'Disable'}
                          </button>
                          <button
                            type="button"
                            data-testid="user-reset-password"
                            disabled={busy}
                            onClick={() => resetPassword(u)}
                            className={secondaryButtonClass}
                          >
                            Reset password
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Panel>
    </div>
  );
}

function CreateUser({ onCreated }: { onCreated: (user: UserRow, temporaryPassword: string | undefined) => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formElement = e.currentTarget;
    const form = new FormData(formElement);
    const password = String(form.get('password') ?? '');
    if (password && password.length < MIN_PASSWORD_LENGTH) {
      setError(`A password needs at least ${MIN_PASSWORD_LENGTH} characters; leave it empty to generate one.`);
      return;
    }
    const name = String(form.get('name') ?? '').trim();
    setPending(true);
    setError(null);
    const result = await callApi('/api/users', userWithPassword, {
      method: 'POST',
      body: {
        email: String(form.get('email') ?? ''),
        role: String(form.get('role') ?? 'viewer'),
        ...(name ? { name } : {}),
        ...(password ? { password } : {}),
      },
    });
    setPending(false);
    if (!result.ok) return setError(sentence(result.message));
    formElement.reset();
    onCreated(result.data.user, result.data.temporaryPassword);
  }

  return (
    <Panel id="create-user" title="Add a user">
      <form data-testid="create-user-form" method="post" onSubmit={submit} className="grid gap-4 p-4 sm:grid-cols-2 lg:grid-cols-[2fr_1.5fr_1fr_1.5fr_auto] lg:items-end">
        <div>
          <label htmlFor="new-email" className={labelClass}>
            Email
          </label>
          <input id="new-email" name="email" type="email" required autoComplete="off" spellCheck={false} className={inputClass} />
        </div>
        <div>
          <label htmlFor="new-name" className={labelClass}>
            Name <span className="font-normal text-zinc-500 dark:text-zinc-400">(optional)</span>
          </label>
          <input id="new-name" name="name" type="text" autoComplete="off" maxLength={200} className={inputClass} />
        </div>
        <div>
          <label htmlFor="new-role" className={labelClass}>
            Role
          </label>
          <select id="new-role" name="role" defaultValue="viewer" className={inputClass}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="new-password" className={labelClass}>
            Password <span className="font-normal text-zinc-500 dark:text-zinc-400">(optional)</span>
          </label>
          <input
            id="new-password"
            name="password"
            type="password"
            autoComplete="new-password"
            placeholder="generate one"
            className={inputClass}
          />
        </div>
        <button type="submit" disabled={pending} className={primaryButtonClass}>
          {pending ? 'Adding…' : 'Add user'}
        </button>
        {error ? (
          <p data-testid="create-user-error" role="alert" className={`${errorClass} sm:col-span-2 lg:col-span-5`}>
            {error}
          </p>
        ) : null}
      </form>
    </Panel>
  );
}

function TemporaryPassword({ revealed, onDone }: { revealed: Revealed; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = () =>
    navigator.clipboard?.writeText(revealed.password).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <section
      data-testid="temporary-password"
      aria-labelledby="temporary-password-title"
      className="rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-500/40 dark:bg-amber-500/10"
    >
      <h2 id="temporary-password-title" className="text-sm font-semibold text-amber-900 dark:text-amber-200">
        {revealed.why === 'created' ? 'Account created' : 'Password reset'} for {revealed.email}
      </h2>
      <p className="mt-1 text-sm text-amber-900/80 dark:text-amber-100/80">
        Temporary password, shown only now. Give it to them over a private channel.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <code data-testid="temporary-password-value" className="select-all rounded-md bg-white px-3 py-1.5 font-mono text-sm text-zinc-900 ring-1 ring-amber-300 dark:bg-zinc-900 dark:text-zinc-100 dark:ring-amber-500/40">
          {revealed.password}
        </code>
        <button type="button" onClick={copy} className={secondaryButtonClass}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" onClick={onDone} className={secondaryButtonClass}>
          Done
        </button>
      </div>
    </section>
  );
}

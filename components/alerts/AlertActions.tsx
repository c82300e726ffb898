'use client';

import { useRef, useState, type FormEvent } from 'react';
import type { AlertView } from '@/lib/alerts';
import { sentence } from '@/lib/api-client';
import { useAlerts } from '@/components/realtime/useAlerts';
import { inputClass, secondaryButtonClass } from '@/components/ui/form';
import { muteAgent, type AlertCommand } from './api';
import { useAlertShortcuts } from './shortcuts';

const smallInput = inputClass.replace('mt-1 ', '').replace('px-3 py-2', 'px-2 py-1');

/**
 * Acknowledge (with an optional note), Resolve, Snooze 15 min / 1 h, and optionally Mute agent,
 * for one alert: on a toast, a table row or the session page. Nothing renders for a viewer.
 * `shortcuts` makes a/r/s (S: 1 h) act on this alert while `active()` holds.
 */
export function AlertActions({
  alert,
  testIdPrefix,
  noteAlwaysVisible = false,
  showMute = false,
  shortcuts,
  onMuted,
}: {
  alert: AlertView;
  testIdPrefix: 'toast' | 'alert';
  noteAlwaysVisible?: boolean;
  showMute?: boolean;
  shortcuts?: { priority: number; active: () => boolean };
  onMuted?: (agentId: string, mutedUntil: string | null) => void;
}) {
  const { act, canOperate } = useAlerts();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [noteOpen, setNoteOpen] = useState(false);
  const [note, setNote] = useState('');
  const [muteOpen, setMuteOpen] = useState(false);
  const [muteReason, setMuteReason] = useState('');
  const noteInput = useRef<HTMLInputElement>(null);

  const open = alert.state !== 'resolved';
  const canAck = alert.state === 'triggered';

  async function run(command: AlertCommand, label: string) {
    setPending(label);
    setError(null);
    const result = await act(alert.id, command);
    setPending(null);
    if (!result.ok) return setError(sentence(result.message));
    if (command.kind === 'acknowledge') {
      setNote('');
      setNoteOpen(false);
    }
  }

  function startAck() {
    if (noteAlwaysVisible || noteOpen) return run({ kind: 'acknowledge', note: note.trim() || undefined }, 'ack');
    setNoteOpen(true);
    // The field appears on the next render; focus it then, so the note is one keystroke away.
    requestAnimationFrame(() => noteInput.current?.focus());
  }

  function submitAck(e: FormEvent) {
    e.preventDefault();
    void run({ kind: 'acknowledge', note: note.trim() || undefined }, 'ack');
  }

  async function submitMute(e: FormEvent) {
    e.preventDefault();
    if (!alert.agentId) return;
    setPending('mute');
    setError(null);
    const result = await muteAgent(alert.agentId, 60, muteReason.trim() || undefined);
    setPending(null);
    if (!result.ok) return setError(sentence(result.message));
    setMuteOpen(false);
    setMuteReason('');
    onMuted?.(result.data.agentId, result.data.mutedUntil);
  }

  if (!canOperate) return null;
  const busy = pending !== null;
  const id = (name: string) => `${testIdPrefix}-${name}`;
  const showNote = canAck && (noteAlwaysVisible || noteOpen);

  return (
    <div className="space-y-2" onClick={(e) => e.stopPropagation()}>
      {shortcuts && open ? (
        <Shortcuts
          priority={shortcuts.priority}
          active={shortcuts.active}
          onKey={(key) => {
            if (busy) return true;
            if (key === 'a' && canAck) void startAck();
            else if (key === 'r') void run({ kind: 'resolve' }, 'resolve');
            else if (key === 's') void run({ kind: 'snooze', minutes: 15 }, 'snooze');
            else if (key === 'S') void run({ kind: 'snooze', minutes: 60 }, 'snooze');
            else return false;
            return true;
          }}
        />
      ) : null}
      {showNote ? (
        <form onSubmit={submitAck} className="flex items-center gap-2">
          <label className="sr-only" htmlFor={`${id('note')}-${alert.id}`}>
            Note for acknowledging “{alert.title}” (optional)
          </label>
          <input
            ref={noteInput}
            id={`${id('note')}-${alert.id}`}
            data-testid={id('note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && !noteAlwaysVisible) {
                e.stopPropagation();
                setNoteOpen(false);
              }
            }}
            maxLength={2000}
            placeholder="Note (optional)"
            disabled={busy}
            className={`${smallInput} min-w-0 flex-1`}
          />
          {noteAlwaysVisible ? null : (
            <button type="submit" data-testid={id('ack-submit')} disabled={busy} className={secondaryButtonClass}>
              {pending === 'ack' ? 'Acknowledging…' : 'Acknowledge'}
            </button>
          )}
        </form>
      ) : null}
      {open ? (
        <div className="flex flex-wrap items-center gap-1.5">
          {canAck && !(noteOpen && !noteAlwaysVisible) ? (
            <button type="button" data-testid={id('ack')} disabled={busy} onClick={() => void startAck()} className={secondaryButtonClass} title="Acknowledge (a)">
              {pending === 'ack' ? 'Acknowledging…' : 'Acknowledge'}
            </button>
          ) : null}
          <button type="button" data-testid={id('resolve')} disabled={busy} onClick={() => void run({ kind: 'resolve' }, 'resolve')} className={secondaryButtonClass} title="Resolve (r)">
            {pending === 'resolve' ? 'Resolving…' : 'Resolve'}
          </button>
          <button type="button" data-testid={id('snooze')} disabled={busy} onClick={() => void run({ kind: 'snooze', minutes: 15 }, 'snooze')} className={secondaryButtonClass} title="Snooze 15 minutes (s)">
            Snooze 15 min
          </button>
          <button type="button" data-testid={id('snooze-1h')} disabled={busy} onClick={() => void run({ kind: 'snooze', minutes: 60 }, 'snooze')} className={secondaryButtonClass} title="Snooze 1 hour (Shift+S)">
            1 h
          </button>
          {showMute && alert.agentId && !muteOpen ? (
            <button type="button" data-testid={id('mute')} disabled={busy} onClick={() => setMuteOpen(true)} className={secondaryButtonClass} title={`Mute ${alert.agentId} for 1 hour: its alerts are recorded, nobody is notified`}>
              Mute agent
            </button>
          ) : null}
        </div>
      ) : null}
      {muteOpen && alert.agentId ? (
        <form onSubmit={submitMute} className="flex flex-wrap items-center gap-2">
          <label className="sr-only" htmlFor={`${id('mute-reason')}-${alert.id}`}>
            Why mute {alert.agentId} for 1 hour
          </label>
          <input
            id={`${id('mute-reason')}-${alert.id}`}
            data-testid={id('mute-reason')}
            autoFocus
            value={muteReason}
            onChange={(e) => setMuteReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                setMuteOpen(false);
              }
            }}
            maxLength={500}
            placeholder="Reason, e.g. maintenance"
            className={`${smallInput} min-w-0 flex-1`}
          />
          <button type="submit" data-testid={id('mute-submit')} disabled={busy} className={secondaryButtonClass}>
            {pending === 'mute' ? 'Muting…' : `Mute ${alert.agentId} 1 h`}
          </button>
          <button type="button" onClick={() => setMuteOpen(false)} className={secondaryButtonClass}>
            Cancel
          </button>
        </form>
      ) : null}
      {error ? (
        <p role="alert" data-testid={id('error')} className="text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Shortcuts({ priority, active, onKey }: { priority: number; active: () => boolean; onKey: (key: string) => boolean }) {
  useAlertShortcuts(priority, (e) => active() && onKey(e.key));
  return null;
}

import type { AgentSummary } from '@/lib/realtime';
import { Badge, agentTone } from '@/components/ui/Badge';
import { Panel } from '@/components/ui/Panel';
import { RelativeTime } from '@/components/ui/RelativeTime';

export function AgentsList({ agents }: { agents: AgentSummary[] }) {
  return (
    <Panel id="agents" title="Agents" aside={`${agents.length}`}>
      {agents.length === 0 ? (
        <p className="px-4 py-6 text-sm text-zinc-500 dark:text-zinc-400">No agents seen yet.</p>
      ) : (
        <ul data-testid="agents-list" className="max-h-80 divide-y divide-zinc-100 overflow-y-auto dark:divide-zinc-800">
          {agents.map((a) => (
            <li key={a.id} data-testid="agent-item" className="px-4 py-2 text-sm">
              <div className="flex items-center justify-between gap-2">
                <span className="truncate font-medium" title={a.id}>
                  {a.id}
                </span>
                <Badge tone={agentTone(a.status)}>{a.status}</Badge>
              </div>
              <div className="mt-0.5 flex justify-between gap-2 text-xs text-zinc-500 dark:text-zinc-400">
                <span className="truncate text-red-700 dark:text-red-400" title={a.lastError ?? undefined}>
                  {a.lastError ?? ''}
                </span>
                <RelativeTime iso={a.lastEventAt} className="shrink-0" />
              </div>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

'use client';

import { useEffect } from 'react';
import { NavLink } from '@/components/layout/NavLink';
import { useAlerts } from '@/components/realtime/useAlerts';

/** "Alerts" in the navigation with the count nobody has acknowledged yet; the tab title carries it too. */
export function AlertsNavLink() {
  const { unacknowledged, subscribed } = useAlerts();
  useTitleCount(unacknowledged);
  return (
    <NavLink href="/alerts">
      <span className="inline-flex items-center gap-1.5">
        Alerts
        <span
          data-testid="alerts-badge"
          data-count={unacknowledged}
          data-subscribed={subscribed}
          aria-label={`${unacknowledged} unacknowledged`}
          className={`min-w-5 rounded-full bg-red-600 px-1.5 text-center text-xs font-semibold leading-5 text-white tabular-nums dark:bg-red-500 ${
            unacknowledged === 0 ? 'hidden' : ''
          }`}
        >
          {unacknowledged}
        </span>
      </span>
    </NavLink>
  );
}

const PREFIX = /^\(\d+\) /;

/**
 * "(3) Session x · Avatar Pulse": Next sets the title on every navigation, so the prefix is put
 * back whenever the title element changes.
 */
function useTitleCount(count: number) {
  useEffect(() => {
    const apply = () => {
      const base = document.title.replace(PREFIX, '');
      const wanted = count > 0 ? `(${count}) ${base}` : base;
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => {
      observer.disconnect();
      document.title = document.title.replace(PREFIX, '');
    };
  }, [count]);
}

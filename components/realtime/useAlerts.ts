'use client';

/** The dashboard's live alert state: the provider's open alerts and actions, and live lists. */
export { useAlerts } from './AlertsProvider';
export { alertsByMessage, useAlertList } from './useAlertList';

/**
 * A full page load rather than a client-side navigation, on purpose, whenever who is signed in
 * changes: after signing in every server component renders for the new user, and after signing
 * out no live data, cached page or socket of the old session stays in this tab's memory.
 */
export function loadPage(path: string): void {
  window.location.assign(path);
}

import type { CurrentUser } from '../../lib/auth';
import { requestContext } from '../http/request-context';

/** The signed-in user of the request being rendered (server components), as the gate found it. */
export function currentUser(): CurrentUser | null {
  return requestContext.getStore()?.signedIn?.user ?? null;
}

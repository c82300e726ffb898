import { AsyncLocalStorage } from 'node:async_hooks';
import type { SignedIn } from '../auth/sessions';

/**
 * What the custom server learned about a request before handing it to Next.js: who is signed in
 * (validated once, by the gate) and where the request came from. Route handlers and server
 * components read it through requestContext; the instance lives on globalThis because Next
 * bundles its own copy of this module.
 */

export interface RequestContext {
  signedIn: SignedIn | null;
  ip: string | undefined;
  /** the request reached us over HTTPS (directly or through a trusted proxy) */
  secure: boolean;
}

const KEY = Symbol.for('avatar-pulse.request-context');
type Holder = { [KEY]?: AsyncLocalStorage<RequestContext> };

export const requestContext: AsyncLocalStorage<RequestContext> =
  ((globalThis as Holder)[KEY] ??= new AsyncLocalStorage<RequestContext>());

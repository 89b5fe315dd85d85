// Where one-time sign-in links are made: the browser host owns the tokens (it alone can redeem
// them), so the core, having checked the admin role and audited, asks it through this port.
import type { Role } from '../api/users';

export interface SignInLinks {
  /** A new one-time link for this user; the token in it is never kept or logged by the core. */
  issue(user: { readonly name: string; readonly roles: readonly Role[] }): string;
}

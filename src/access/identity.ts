/** Who is asking. Services take an identity, never an HTTP request. */
export type Role = 'admin' | 'curator';

export interface Identity {
  /** Stable id of the token's owner, or null for anonymous. */
  id: string | null;
  roles: Role[];
}

export const anonymous: Identity = Object.freeze({ id: null, roles: [] }) as Identity;

/** The identity the CLI and internal jobs act as. */
export const system: Identity = Object.freeze({ id: 'system', roles: ['admin'] }) as Identity;

export function isAdmin(identity: Identity): boolean {
  return identity.roles.includes('admin');
}

export function canWrite(identity: Identity): boolean {
  return identity.roles.includes('admin') || identity.roles.includes('curator');
}

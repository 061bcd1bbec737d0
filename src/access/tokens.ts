/**
 * API tokens: `grn_<id>_<secret>`, stored as a SHA-256 hash of the secret, sent as
 * `Authorization: Bearer`. The token's name is the identity id that record `owners` lists.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/pool.ts';
import type { Identity, Role } from './identity.ts';

function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface CreatedToken {
  id: string;
  name: string;
  role: Role;
  /** The whole token; shown once, never stored. */
  token: string;
}

export async function createToken(db: Queryable, name: string, role: Role): Promise<CreatedToken> {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  await db.query(`INSERT INTO api_tokens (id, name, role, secret_hash) VALUES ($1, $2, $3, $4)`, [id, name, role, hash(secret)]);
  return { id, name, role, token: `grn_${id}_${secret}` };
}

/** The identity a bearer token stands for, or null when it is unknown, malformed or revoked. */
export async function identityFromToken(db: Queryable, token: string): Promise<Identity | null> {
  const m = /^grn_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return null;
  const { rows } = await db.query<{ name: string; role: Role; secret_hash: string }>(
    `SELECT name, role, secret_hash FROM api_tokens WHERE id = $1 AND revoked_at IS NULL`,
    [m[1]],
  );
  const row = rows[0];
  if (!row) return null;
  const a = Buffer.from(row.secret_hash, 'hex');
  const b = Buffer.from(hash(m[2]), 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  return { id: row.name, roles: [row.role] };
}

export async function revokeToken(db: Queryable, id: string): Promise<boolean> {
  const res = await db.query(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [id]);
  return (res.rowCount ?? 0) > 0;
}


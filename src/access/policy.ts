/**
 * The read policy for records, defined once as data. Both the per-record check
 * (`canRead`) and the SQL filter for searches and lists (`readFilterSql`) are derived from
 * the same clauses, so facet counts and OAI lists can never reveal what a direct read
 * would refuse. REST, OAI-PMH, content negotiation and harvest exports all use these.
 */
import type { Identity } from './identity.ts';

export type AccessLevel = 'public' | 'restricted' | 'embargoed';

/** A record's access block, as stored in its JSON. */
export interface Access {
  record: AccessLevel;
  /** For `embargoed`: the date (YYYY-MM-DD) from which the record is public. */
  embargo?: { until: string; reason?: string };
  /** Identity ids that may always read the record. */
  owners?: string[];
}

/** What the policy needs from a record; the store keeps these as columns too. */
export interface AccessFacts {
  level: AccessLevel;
  embargoUntil: string | null;
  owners: string[];
}

type Clause =
  | { grant: 'role'; role: 'admin' }
  | { grant: 'level'; level: 'public' }
  | { grant: 'embargo-lifted' }
  | { grant: 'owner' };

/** Anyone may read public records and embargoed ones whose embargo has lifted; owners and admins read all. */
const READ_POLICY: readonly Clause[] = [
  { grant: 'role', role: 'admin' },
  { grant: 'level', level: 'public' },
  { grant: 'embargo-lifted' },
  { grant: 'owner' },
];

export function accessFacts(access: Access | undefined): AccessFacts {
  return {
    level: access?.record ?? 'public',
    embargoUntil: access?.record === 'embargoed' ? (access.embargo?.until ?? null) : null,
    owners: access?.owners ?? [],
  };
}

function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** May this identity read a record with these facts? */
export function canRead(identity: Identity, facts: AccessFacts, now = new Date()): boolean {
  return READ_POLICY.some((c) => {
    switch (c.grant) {
      case 'role':
        return identity.roles.includes(c.role);
      case 'level':
        return facts.level === c.level;
      case 'embargo-lifted':
        return facts.level === 'embargoed' && facts.embargoUntil !== null && facts.embargoUntil <= today(now);
      case 'owner':
        return identity.id !== null && facts.owners.includes(identity.id);
    }
  });
}

/**
 * The same policy as a SQL boolean expression over the columns `access_level`,
 * `embargo_until` and `owners` of the table aliased `alias`. Values are appended to
 * `params` and referenced by position.
 */
export function readFilterSql(identity: Identity, params: unknown[], alias = 'r'): string {
  const parts: string[] = [];
  for (const c of READ_POLICY) {
    switch (c.grant) {
      case 'role':
        if (identity.roles.includes(c.role)) return 'TRUE';
        break;
      case 'level':
        params.push(c.level);
        parts.push(`${alias}.access_level = $${params.length}`);
        break;
      case 'embargo-lifted':
        parts.push(`(${alias}.access_level = 'embargoed' AND ${alias}.embargo_until <= CURRENT_DATE)`);
        break;
      case 'owner':
        if (identity.id !== null) {
          params.push(identity.id);
          parts.push(`$${params.length} = ANY(${alias}.owners)`);
        }
        break;
    }
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
}

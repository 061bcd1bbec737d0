/** The internal record: DataCite-4.x-shaped metadata beside Granary's system fields. */
import type { Access } from '../access/policy.ts';
import type { DataCiteMetadata } from './metadata.ts';

export type { Access };
export type { DataCiteMetadata };

export const RECORD_SCHEMA_ID = 'local://records/record-v1.0.0.json';

/** Where a harvested record came from: what the OAI-PMH `<about>` provenance container says. */
export interface Provenance {
  /** The harvest source's id in Granary, if it came from a configured source. */
  sourceId?: string;
  /** The feed type it came from (`oai-pmh`, `datacite-api`, `crossref-api`, `resourcesync`). */
  feed?: string;
  baseURL: string;
  identifier: string;
  datestamp: string;
  metadataNamespace: string;
  harvestDate: string;
  altered: boolean;
}

/** System fields kept beside the metadata. Set by the store; read-only to clients. */
export interface SystemFields {
  $schema: string;
  id: string;
  access: Access;
  created: string;
  updated: string;
  revision: number;
  provenance?: Provenance;
}

export type GranaryRecord = DataCiteMetadata & SystemFields;

/** What a client or loader hands the store: metadata plus optional access and provenance. */
export type RecordInput = DataCiteMetadata & {
  $schema?: string;
  access?: Access;
  provenance?: Provenance;
};

/** The system fields the store owns; a client's values for them are ignored. */
export const READ_ONLY_FIELDS = ['id', 'created', 'updated', 'revision'] as const;

/**
 * DataCite kernel-4 constants and the choice between schema 4.6 and 4.7 for output.
 */
import type { DataCiteMetadata } from '../../src/records/metadata.ts';

export const KERNEL4_NS = 'http://datacite.org/schema/kernel-4';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export type KernelVersion = '4.6' | '4.7';

/** Where the XSD of each kernel version is published. */
export function toSchemaLocation(version: KernelVersion): string {
  return `${KERNEL4_NS} http://schema.datacite.org/meta/kernel-${version}/metadata.xsd`;
}

const ONLY_47_RESOURCE_TYPES = new Set(['Poster', 'Presentation']);
const ONLY_47_IDENTIFIER_TYPES = new Set(['RAiD', 'SWHID']);

/**
 * 4.6 unless the record uses a value or property that only kernel 4.7 defines (Poster,
 * Presentation, RAiD, SWHID, relationType Other, relationTypeInformation). Both versions share
 * the kernel-4 namespace, so declaring 4.6 where possible keeps the output valid for
 * consumers that have not updated to 4.7 yet.
 */
export function toKernelVersion(m: DataCiteMetadata): KernelVersion {
  if (ONLY_47_RESOURCE_TYPES.has(m.types?.resourceTypeGeneral ?? '')) return '4.7';
  for (const r of m.relatedIdentifiers ?? []) {
    if (ONLY_47_IDENTIFIER_TYPES.has(r.relatedIdentifierType) || r.relationType === 'Other') return '4.7';
    if (r.relationTypeInformation !== undefined || ONLY_47_RESOURCE_TYPES.has(r.resourceTypeGeneral ?? '')) return '4.7';
  }
  for (const r of m.relatedItems ?? []) {
    if (r.relationType === 'Other' || r.relationTypeInformation !== undefined) return '4.7';
    if (ONLY_47_RESOURCE_TYPES.has(r.relatedItemType)) return '4.7';
    if (ONLY_47_IDENTIFIER_TYPES.has(r.relatedItemIdentifier?.relatedItemIdentifierType ?? '')) return '4.7';
  }
  return '4.6';
}

/** A record's <header>, <record> and provenance <about> (OAI-PMH 2.0 sections 2.5 and 2.5.2). */
import { stripInvalidXmlChars } from '../../src/xml/sanitize.ts';
import type { Provenance } from '../../src/records/types.ts';
import { toMinimalSetSpecs } from '../../src/sets/spec.ts';
import type { Format } from '../../serializers/format.ts';
import { toOaiIdentifier, type OaiContext } from './context.ts';
import type { OaiRow } from './records-query.ts';
import { toElement, toXmlAttr, XSI_NAMESPACE } from './xml.ts';

const PROVENANCE_NAMESPACE = 'http://www.openarchives.org/OAI/2.0/provenance';
const PROVENANCE_SCHEMA = 'http://www.openarchives.org/OAI/2.0/provenance.xsd';

/** The record's header; status="deleted" for a tombstone (section 2.5.1). */
export function toHeaderXml(ctx: OaiContext, row: OaiRow): string {
  const sets = toMinimalSetSpecs(row.sets).map((s) => toElement('setSpec', s)).join('');
  return `<header${row.deleted ? ' status="deleted"' : ''}>${toElement('identifier', toOaiIdentifier(ctx, row.id))}${toElement('datestamp', row.ds)}${sets}</header>`;
}

/** The whole <record>: header, then metadata and provenance unless the record is deleted. */
export function toRecordXml(ctx: OaiContext, row: OaiRow, format: Format): string {
  const header = toHeaderXml(ctx, row);
  if (row.deleted || !row.json) return `<record>${header}</record>\n`;
  const fragment = stripInvalidXmlChars(format.serializeFragment!(row.json, { baseUrl: ctx.siteUrl }));
  const about = row.json.provenance ? `<about>${toProvenanceXml(row.json.provenance)}</about>` : '';
  return `<record>${header}<metadata>${fragment}</metadata>${about}</record>\n`;
}

function toUtcSeconds(value: string): string {
  const t = new Date(value);
  return Number.isNaN(t.getTime()) ? value : t.toISOString().slice(0, 19) + 'Z';
}

// provenance.xsd's UTCdatetimeType takes a day or a seconds-granularity instant.
function toProvenanceDatestamp(value: string): string {
  return /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/.test(value) ? value : toUtcSeconds(value);
}

/** The OAI provenance container for a harvested record (provenance.xsd). */
export function toProvenanceXml(p: Provenance): string {
  return (
    `<provenance xmlns="${PROVENANCE_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}" xsi:schemaLocation="${PROVENANCE_NAMESPACE} ${PROVENANCE_SCHEMA}">` +
    `<originDescription harvestDate="${toXmlAttr(toUtcSeconds(p.harvestDate))}" altered="${p.altered ? 'true' : 'false'}">` +
    toElement('baseURL', p.baseURL) +
    toElement('identifier', p.identifier) +
    toElement('datestamp', toProvenanceDatestamp(p.datestamp)) +
    toElement('metadataNamespace', p.metadataNamespace) +
    `</originDescription></provenance>`
  );
}

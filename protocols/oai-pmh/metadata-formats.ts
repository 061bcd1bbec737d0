/** ListMetadataFormats (OAI-PMH 2.0 section 4.4). */
import type { Format } from '../../serializers/format.ts';
import { parseOaiIdentifier, type OaiContext } from './context.ts';
import { toOaiErrors } from './errors.ts';
import { fetchRecordRow } from './records-query.ts';
import { toElement } from './xml.ts';

/** The ListMetadataFormats element, for the repository or for one item. */
export async function toListMetadataFormatsXml(ctx: OaiContext, identifier: string | undefined): Promise<string> {
  let formats = ctx.formats.oaiFormats().filter((f) => f.oai && f.serializeFragment);
  if (identifier !== undefined) {
    const id = parseOaiIdentifier(ctx, identifier);
    const row = id === null ? null : await fetchRecordRow(ctx.pool, id);
    if (!row) throw toOaiErrors('idDoesNotExist', `No item has the identifier ${identifier}.`);
    // Only the formats this item can really be given in (section 4.4: noMetadataFormats
    // otherwise). A withdrawn item has no metadata to judge by: its deleted header can be
    // given in every format, as a tombstone's can.
    const record = row.json;
    // A deleted item is a header in every format, as lists and GetRecord give it.
    if (record && !row.deleted) formats = formats.filter((f) => !f.supports || f.supports(record));
    if (!formats.length) throw toOaiErrors('noMetadataFormats', `No metadata format is available for ${identifier}.`);
  }
  return `<ListMetadataFormats>\n${formats.map(toFormatXml).join('')}</ListMetadataFormats>\n`;
}

function toFormatXml(f: Format): string {
  const o = f.oai!;
  return `<metadataFormat>${toElement('metadataPrefix', o.metadataPrefix)}${toElement('schema', o.schema)}${toElement('metadataNamespace', o.metadataNamespace)}</metadataFormat>\n`;
}

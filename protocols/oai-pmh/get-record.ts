/** GetRecord (OAI-PMH 2.0 section 4.1). */
import { parseOaiIdentifier, type OaiContext } from './context.ts';
import { OaiErrors, type OaiError } from './errors.ts';
import { fetchRecordRow } from './records-query.ts';
import { toRecordXml } from './record-xml.ts';

/** The GetRecord element; every error found is reported together. */
export async function toGetRecordXml(ctx: OaiContext, identifier: string, metadataPrefix: string): Promise<string> {
  const errors: OaiError[] = [];
  const format = ctx.formats.byOaiPrefix(metadataPrefix);
  if (!format?.serializeFragment) errors.push({ code: 'cannotDisseminateFormat', message: `The metadata format ${metadataPrefix} is not supported; see ListMetadataFormats.` });
  const id = parseOaiIdentifier(ctx, identifier);
  const row = id === null ? null : await fetchRecordRow(ctx.pool, id);
  if (!row) errors.push({ code: 'idDoesNotExist', message: `No item has the identifier ${identifier}.` });
  if (errors.length) throw new OaiErrors(errors);
  // A tombstone is answered with its header alone, whatever the format (section 2.5.1).
  if (!row!.deleted && format!.supports && !format!.supports(row!.json!)) {
    throw new OaiErrors([{ code: 'cannotDisseminateFormat', message: `The item ${identifier} cannot be given as ${metadataPrefix}; see ListMetadataFormats with its identifier.` }]);
  }
  return `<GetRecord>\n${toRecordXml(ctx, row!, format!)}</GetRecord>\n`;
}

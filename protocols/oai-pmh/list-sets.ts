/** ListSets (OAI-PMH 2.0 section 4.6). */
import type { OaiContext } from './context.ts';
import { toOaiErrors } from './errors.ts';
import { toElement, XSI_NAMESPACE } from './xml.ts';

const OAI_DC_NAMESPACE = 'http://www.openarchives.org/OAI/2.0/oai_dc/';
const OAI_DC_SCHEMA = 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd';
const DC_NAMESPACE = 'http://purl.org/dc/elements/1.1/';

/**
 * The ListSets element. Set definitions are few, so the whole list is one response and
 * no resumptionToken is ever issued; a token sent to ListSets is therefore never ours.
 */
export async function toListSetsXml(ctx: OaiContext, resumptionToken: string | undefined): Promise<string> {
  if (resumptionToken !== undefined) throw toOaiErrors('badResumptionToken', 'ListSets never issues resumption tokens; this one is not valid.');
  const { rows: sets } = await ctx.pool.query<{ spec: string; name: string; description: string | null }>('SELECT spec, name, description FROM oai_sets ORDER BY spec');
  // Section 3.6: a repository without sets answers noSetHierarchy.
  if (!sets.length) throw toOaiErrors('noSetHierarchy', 'This repository has no sets.');
  const items = sets.map((s) => {
    const description = s.description
      ? `<setDescription><oai_dc:dc xmlns:oai_dc="${OAI_DC_NAMESPACE}" xmlns:dc="${DC_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}" xsi:schemaLocation="${OAI_DC_NAMESPACE} ${OAI_DC_SCHEMA}">${toElement('dc:description', s.description)}</oai_dc:dc></setDescription>`
      : '';
    return `<set>${toElement('setSpec', s.spec)}${toElement('setName', s.name)}${description}</set>\n`;
  });
  return `<ListSets>\n${items.join('')}</ListSets>\n`;
}

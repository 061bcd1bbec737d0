/** Identify (OAI-PMH 2.0 section 4.2). */
import { toOaiDatestamp } from './dates.ts';
import { toOaiIdentifier, type OaiContext } from './context.ts';
import { fetchEarliestDatestamp } from './records-query.ts';
import { toElement, XSI_NAMESPACE } from './xml.ts';

const OAI_IDENTIFIER_NAMESPACE = 'http://www.openarchives.org/OAI/2.0/oai-identifier';
const OAI_IDENTIFIER_SCHEMA = 'http://www.openarchives.org/OAI/2.0/oai-identifier.xsd';
// oai-identifier.xsd: the repositoryIdentifier is a domain name with at least one dot.
const DOMAIN_WITH_DOT = /^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$/;

/** The Identify element. */
export async function toIdentifyXml(ctx: OaiContext): Promise<string> {
  // With no record yet, any lower bound of future datestamps is true: now is one.
  const earliest = (await fetchEarliestDatestamp(ctx.pool)) ?? toOaiDatestamp(ctx.now());
  const lines = [
    toElement('repositoryName', ctx.oai.repositoryName),
    toElement('baseURL', ctx.baseUrl),
    toElement('protocolVersion', '2.0'),
    ...ctx.oai.adminEmails.map((e) => toElement('adminEmail', e)),
    toElement('earliestDatestamp', earliest),
    // Tombstones are kept for ever (records are never purged), so deletions are persistent.
    toElement('deletedRecord', 'persistent'),
    toElement('granularity', 'YYYY-MM-DDThh:mm:ssZ'),
    toElement('compression', 'gzip'),
    toElement('compression', 'deflate'),
  ];
  const repoId = ctx.oai.repositoryIdentifier;
  if (DOMAIN_WITH_DOT.test(repoId)) {
    lines.push(
      `<description><oai-identifier xmlns="${OAI_IDENTIFIER_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}" xsi:schemaLocation="${OAI_IDENTIFIER_NAMESPACE} ${OAI_IDENTIFIER_SCHEMA}">` +
        toElement('scheme', 'oai') +
        toElement('repositoryIdentifier', repoId) +
        toElement('delimiter', ':') +
        toElement('sampleIdentifier', toOaiIdentifier(ctx, 'abcde-fgh12')) +
        `</oai-identifier></description>`,
    );
  }
  return `<Identify>\n${lines.join('\n')}\n</Identify>\n`;
}

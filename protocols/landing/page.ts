/**
 * The server-rendered landing page: readable metadata for people, and for machines Highwire
 * meta tags, schema.org JSON-LD, a COinS span and an unAPI link. Everything from the record
 * passes through escapeHtml; no record text is ever inserted raw.
 */
import type { GranaryRecord } from '../../src/records/types.ts';
import type { FormatRegistry } from '../../serializers/registry.ts';
import { isWebUrl, toAbstract, toCleanText, toDoiUrl, toLandingUrl, toMainTitle, toOrcidUrl } from '../../serializers/csl/record-fields.ts';
import { toCsl } from '../../serializers/csl/to-csl.ts';
import { toSchemaOrg } from '../../serializers/schemaorg/to-schemaorg.ts';
import { toCoins } from './coins.ts';
import { escapeHtml, toScriptJson } from './escape.ts';
import { toHighwireTags } from './highwire.ts';
import { toLinkTarget, type FileLink } from './signposting.ts';
import { parseLanguage } from '../../serializers/text/languages.ts';

export interface LandingPageInput {
  record: GranaryRecord;
  registry: FormatRegistry;
  baseUrl: string;
  files: FileLink[];
}

function toCreatorsHtml(record: GranaryRecord): string {
  const creators = record.creators ?? [];
  const shown = creators.slice(0, 50).map((c) => {
    const name = escapeHtml(toCleanText(c.name) || [c.givenName, c.familyName].filter(Boolean).join(' '));
    const orcid = toOrcidUrl(c);
    return orcid ? `<a href="${escapeHtml(orcid)}">${name}</a>` : name;
  });
  const more = creators.length > 50 ? `; and ${creators.length - 50} more` : '';
  return shown.join('; ') + more;
}

function toCitationHtml(input: LandingPageInput): string {
  try {
    const item = toCsl(input.record, { baseUrl: input.baseUrl });
    // citeproc-js html output escapes field content itself.
    return input.registry.citation.render([item], { style: 'apa', output: 'html' });
  } catch {
    return ''; // a citation is a courtesy on this page; the metadata below is the content
  }
}

/** The full HTML document for one record. */
export function toLandingPage(input: LandingPageInput): string {
  const { record, registry, baseUrl } = input;
  const landing = toLandingUrl(record, baseUrl);
  const title = toMainTitle(record) || record.id;
  const doiUrl = toDoiUrl(record);
  const meta = toHighwireTags(record, { baseUrl, pdfUrls: input.files.filter((f) => f.type === 'application/pdf').map((f) => f.href) })
    .map(([name, content]) => `<meta name="${escapeHtml(name)}" content="${escapeHtml(content)}">`)
    .join('\n');
  const abstract = toAbstract(record);
  const license = record.rightsList?.find((r) => r.rightsUri || r.rights);
  const exports = registry
    .listFormats()
    .filter((f) => !registry.isListOnly(f) && (!f.supports || f.supports(record)))
    .map((f) => `<li><a href="${escapeHtml(`${landing}?format=${encodeURIComponent(f.id)}`)}" type="${escapeHtml(f.mediaTypes[0])}">${escapeHtml(f.label)}</a></li>`)
    .join('');
  const keywords = (record.subjects ?? []).map((s) => escapeHtml(toCleanText(s.subject))).filter(Boolean).join(', ');
  const rows: [string, string][] = [
    ['Creators', toCreatorsHtml(record)],
    ['Published', escapeHtml(record.publicationYear)],
    ['Publisher', escapeHtml(toCleanText(record.publisher?.name))],
    ['Resource type', escapeHtml(toCleanText(record.types?.resourceType ?? record.types?.resourceTypeGeneral))],
    ['Version', escapeHtml(record.version)],
    ['DOI', doiUrl ? `<a href="${escapeHtml(doiUrl)}">${escapeHtml(record.doi)}</a>` : ''],
    ['Keywords', keywords],
    // Only an http(s) rightsUri becomes a link: the schema allows any string, and escaping
    // does not stop a javascript: URL from running when clicked (stored XSS).
    ['License', license ? (isWebUrl(license.rightsUri) ? `<a rel="license" href="${escapeHtml(toLinkTarget(license.rightsUri as string))}">${escapeHtml(license.rights ?? license.rightsUri)}</a>` : escapeHtml(license.rights ?? license.rightsUri)) : ''],
    ['Files', input.files.map((f) => `<a href="${escapeHtml(f.href)}">${escapeHtml(decodeURIComponent(f.href.split('/').pop() ?? f.href))}</a>`).join(', ')],
  ];
  return `<!DOCTYPE html>
<html lang="${escapeHtml(parseLanguage(record.language ?? '') ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="canonical" href="${escapeHtml(landing)}">
<link rel="cite-as" href="${escapeHtml(doiUrl ?? landing)}">
<link rel="unapi-server" type="application/xml" title="unAPI" href="${escapeHtml(`${baseUrl.replace(/\/+$/, '')}/unapi`)}">
${meta}
<script type="application/ld+json">${toScriptJson(toSchemaOrg(record, { baseUrl }))}</script>
</head>
<body>
<main>
<abbr class="unapi-id" title="${escapeHtml(record.id)}"></abbr>
<span class="Z3988" title="${escapeHtml(toCoins(record, { baseUrl }))}"></span>
<h1>${escapeHtml(title)}</h1>
<dl>
${rows.filter(([, v]) => v).map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('\n')}
</dl>
${abstract ? `<section><h2>Abstract</h2><p>${escapeHtml(abstract)}</p></section>` : ''}
<section><h2>Cite as</h2>${toCitationHtml(input)}</section>
<section><h2>Export</h2><ul>${exports}</ul></section>
</main>
</body>
</html>
`;
}

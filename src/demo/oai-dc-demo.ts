/**
 * A small oai_dc -> record mapping used only to build the demo dataset from recorded OAI-PMH
 * responses. (Harvesting proper has its own mapping in serializers/dublin-core.)
 */
import type { DataCiteMetadata, ResourceTypeGeneral } from '../records/metadata.ts';
import type { RecordInput } from '../records/types.ts';
import { RECORD_SCHEMA_ID } from '../records/types.ts';
import type { XmlElement } from '../xml/parse.ts';
import { childElements, textContent } from '../xml/tree.ts';

const DC_NS = 'http://purl.org/dc/elements/1.1/';

const TYPE_MAP: [RegExp, ResourceTypeGeneral][] = [
  [/dataset/i, 'Dataset'], [/software/i, 'Software'], [/image|figure|photo/i, 'Image'], [/thesis|dissertation/i, 'Dissertation'],
  [/article/i, 'JournalArticle'], [/preprint/i, 'Preprint'], [/report/i, 'Report'], [/book/i, 'Book'], [/presentation/i, 'Presentation'],
  [/poster/i, 'Poster'], [/conference/i, 'ConferencePaper'], [/video|audiovisual/i, 'Audiovisual'], [/sound|audio/i, 'Sound'],
];

function values(dc: XmlElement, local: string): string[] {
  return childElements(dc, local, DC_NS).map((e) => textContent(e).trim()).filter(Boolean);
}

function toDoi(ids: string[]): string | undefined {
  for (const id of ids) {
    const m = /(?:doi\.org\/|^doi:|^)(10\.\d{4,9}\/\S+)$/i.exec(id);
    if (m) return m[1];
  }
  return undefined;
}

/** Maps one `<oai_dc:dc>` element to a record input, or undefined when it has no title. */
export function toRecordFromOaiDc(dc: XmlElement): RecordInput | undefined {
  const titles = values(dc, 'title').map((title) => ({ title }));
  if (!titles.length) return undefined;
  const ids = values(dc, 'identifier');
  const doi = toDoi(ids) ?? toDoi(values(dc, 'relation').filter((r) => /^doi:/i.test(r)));
  const m: DataCiteMetadata = { titles };
  if (doi) m.doi = doi;
  const url = ids.find((i) => /^https?:\/\//.test(i) && !i.includes('doi.org'));
  if (url) m.url = url;
  const creators = values(dc, 'creator').map((name) => ({ name }));
  if (creators.length) m.creators = creators;
  const contributors = values(dc, 'contributor').map((name) => ({ name, contributorType: 'Other' as const }));
  if (contributors.length) m.contributors = contributors;
  const publisher = values(dc, 'publisher')[0];
  if (publisher) m.publisher = { name: publisher };
  const dates = values(dc, 'date');
  const year = dates.map((d) => /^\d{4}/.exec(d)?.[0]).find(Boolean);
  if (year) m.publicationYear = year;
  if (dates.length) m.dates = dates.map((date) => ({ date, dateType: 'Issued' as const }));
  const subjects = values(dc, 'subject').map((subject) => ({ subject }));
  if (subjects.length) m.subjects = subjects;
  const descriptions = values(dc, 'description').map((description) => ({ description, descriptionType: 'Abstract' as const }));
  if (descriptions.length) m.descriptions = descriptions;
  const language = values(dc, 'language')[0];
  if (language) m.language = language;
  const rights = values(dc, 'rights').map((r) => (/^(https?|info):/.test(r) ? { rightsUri: r } : { rights: r }));
  if (rights.length) m.rightsList = rights;
  const formats = values(dc, 'format');
  if (formats.length) m.formats = formats;
  const type = values(dc, 'type');
  if (type.length) {
    const general = TYPE_MAP.find(([re]) => type.some((t) => re.test(t)))?.[1] ?? 'Text';
    m.types = { resourceTypeGeneral: general, resourceType: type[0] };
  }
  return { $schema: RECORD_SCHEMA_ID, ...m };
}

/**
 * Loader for oai_dc (and any container of simple DC elements): best effort, because Dublin
 * Core says little about structure. The mapping is written down in MAPPING.md.
 */
import type { Access } from '../../src/access/policy.ts';
import type { RecordInput } from '../../src/records/types.ts';
import type { Creator, DataCiteMetadata, RightsEntry, Types } from '../../src/records/metadata.ts';
import { looksLikeHtml, toPlainText } from '../text/html.ts';
import { parseLanguage } from '../text/languages.ts';
import { parseInvertedName } from '../text/names.ts';
import { loaderAttribute, loaderTextContent } from '../text/xml-input.ts';
import { parseXmlSafely, type XmlElement } from '../../src/xml/parse.ts';
import { parseEuRepoType } from './eu-repo.ts';
import { OAI_DC_NAMESPACE } from './oai-dc.ts';
import { parseIdentifier } from './parse-identifier.ts';

const RESOURCE_TYPES_GENERAL = [
  'Audiovisual', 'Book', 'BookChapter', 'Collection', 'ComputationalNotebook', 'ConferencePaper',
  'ConferenceProceeding', 'DataPaper', 'Dataset', 'Dissertation', 'Event', 'Image', 'Instrument',
  'InteractiveResource', 'Journal', 'JournalArticle', 'Model', 'OutputManagementPlan', 'PeerReview',
  'PhysicalObject', 'Poster', 'Preprint', 'Presentation', 'Project', 'Report', 'Service', 'Software',
  'Sound', 'Standard', 'StudyRegistration', 'Text', 'Workflow',
] as const;

// resourceTypeGeneral by its lower-cased name, as dc:type is matched (case and spaces ignored).
const RESOURCE_TYPE_BY_LOWER_NAME = new Map<string, (typeof RESOURCE_TYPES_GENERAL)[number]>(RESOURCE_TYPES_GENERAL.map((t) => [t.toLowerCase(), t]));

/** A DC container's non-empty element values by local name, in document order: read once per record, looked up per field. */
type DcValues = Map<string, { value: string; lang?: string }[]>;

// Read from the parsed element as the other loaders read their view of it (local names,
// an element's own text before its children's), without building that view for every record.
function toDcValues(dc: XmlElement): DcValues {
  const out: DcValues = new Map();
  for (const el of dc.children) {
    if (typeof el === 'string') continue;
    const value = loaderTextContent(el);
    if (value === '') continue;
    const entry = { value, lang: loaderAttribute(el, 'lang') };
    const list = out.get(el.local);
    if (list) list.push(entry);
    else out.set(el.local, [entry]);
  }
  return out;
}

const NONE: { value: string; lang?: string }[] = [];

function values(dc: DcValues, name: string): { value: string; lang?: string }[] {
  return dc.get(name) ?? NONE;
}

function withLang<T extends object>(obj: T, lang: string | undefined): T & { lang?: string } {
  return lang ? { ...obj, lang } : obj;
}

/** Zenodo and others escape HTML twice; strip until no markup is left (at most twice). */
function toDescriptionText(text: string): string {
  const once = toPlainText(text);
  return looksLikeHtml(once) ? toPlainText(once) : once;
}

function toCreator(text: string): Creator {
  const parts = parseInvertedName(text);
  return parts.familyName ? { ...parts, nameType: 'Personal' } : { name: parts.name };
}

function toTypes(dc: DcValues): Types | undefined {
  let general: Types['resourceTypeGeneral'];
  let specific: string | undefined;
  for (const { value } of values(dc, 'type')) {
    const fromEuRepo = parseEuRepoType(value) as Types['resourceTypeGeneral'];
    const named = RESOURCE_TYPE_BY_LOWER_NAME.get(value.toLowerCase().replace(/\s+/g, ''));
    if (named) general = named;
    else if (fromEuRepo && !general) general = fromEuRepo;
    else if (!value.startsWith('info:eu-repo/') && !specific) specific = value;
  }
  if (!general && !specific) return undefined;
  return { resourceTypeGeneral: general ?? 'Other', ...(specific ? { resourceType: specific } : {}) };
}

function toAccess(dc: DcValues): Access | undefined {
  const rights = values(dc, 'rights').map((v) => v.value);
  const embargoEnd = values(dc, 'date')
    .map((v) => /^info:eu-repo\/date\/embargoEnd\/(\d{4}-\d{2}-\d{2})/.exec(v.value)?.[1])
    .find(Boolean);
  if (rights.includes('info:eu-repo/semantics/embargoedAccess') && embargoEnd) return { record: 'embargoed', embargo: { until: embargoEnd } };
  if (rights.some((r) => /^info:eu-repo\/semantics\/(restricted|closed|embargoed)Access$/.test(r))) return { record: 'restricted' };
  if (rights.includes('info:eu-repo/semantics/openAccess')) return { record: 'public' };
  return undefined;
}

function toRightsList(dc: DcValues): RightsEntry[] {
  const out: RightsEntry[] = [];
  for (const { value, lang } of values(dc, 'rights')) {
    if (value.startsWith('info:eu-repo/')) continue;
    const isUri = /^https?:\/\/\S+$/.test(value);
    const last = out[out.length - 1];
    // Zenodo and DSpace write a licence as its name followed by its URI: one rights entry.
    if (isUri && last && !last.rightsUri) last.rightsUri = value;
    else out.push(isUri ? { rightsUri: value } : withLang({ rights: value }, lang));
  }
  return out;
}

function toDates(dc: DcValues): Pick<DataCiteMetadata, 'publicationYear' | 'dates'> {
  const found = values(dc, 'date').map((v) => v.value).filter((v) => /^\d{4}(-\d{2}(-\d{2})?)?([T ][\d:.]+Z?)?$/.test(v));
  if (found.length === 0) return {};
  const issued = [...found].sort()[0];
  return { publicationYear: issued.slice(0, 4), dates: [{ date: issued, dateType: 'Issued' }] };
}

function toRecordInput(el: XmlElement): RecordInput {
  const dc = toDcValues(el);
  const record: RecordInput = {
    titles: values(dc, 'title').map((t, i) => withLang(i === 0 ? { title: t.value } : { title: t.value, titleType: 'AlternativeTitle' as const }, t.lang)),
  };
  const creators = values(dc, 'creator').map((c) => toCreator(c.value));
  if (creators.length) record.creators = creators;
  const contributors = values(dc, 'contributor').map((c) => ({ ...toCreator(c.value), contributorType: 'Other' as const }));
  if (contributors.length) record.contributors = contributors;
  const subjects = values(dc, 'subject').map((s) => withLang({ subject: s.value }, s.lang));
  if (subjects.length) record.subjects = subjects;
  const descriptions = values(dc, 'description').map((d, i) =>
    withLang({ description: toDescriptionText(d.value), descriptionType: i === 0 ? ('Abstract' as const) : ('Other' as const) }, d.lang),
  );
  if (descriptions.length) record.descriptions = descriptions.filter((d) => d.description !== '');
  const publisher = values(dc, 'publisher')[0];
  if (publisher) record.publisher = withLang({ name: publisher.value }, publisher.lang);
  Object.assign(record, toDates(dc));
  const types = toTypes(dc);
  if (types) record.types = types;
  const formats = values(dc, 'format').map((f) => f.value);
  if (formats.length) record.formats = formats;
  for (const { value } of values(dc, 'identifier')) {
    const id = parseIdentifier(value);
    if (id.type === 'DOI' && !record.doi) record.doi = id.value;
    else (record.alternateIdentifiers ??= []).push({ alternateIdentifier: id.value, alternateIdentifierType: id.type });
  }
  const language = values(dc, 'language').map((l) => parseLanguage(l.value)).find(Boolean);
  if (language) record.language = language;
  for (const { value } of values(dc, 'relation')) {
    const id = parseIdentifier(value);
    // DC relation has no relation type; DataCite 4.7 "Other" says exactly that.
    if (id.related) (record.relatedIdentifiers ??= []).push({ relatedIdentifier: id.value, relatedIdentifierType: id.related, relationType: 'Other' });
  }
  const places = values(dc, 'coverage').map((c) => ({ geoLocationPlace: c.value }));
  if (places.length) record.geoLocations = places;
  const rightsList = toRightsList(dc);
  if (rightsList.length) record.rightsList = rightsList;
  const access = toAccess(dc);
  if (access) record.access = access;
  return record;
}

/** The oai_dc:dc elements at or below `el`, not looking inside one. */
function collectDcElements(el: XmlElement, out: XmlElement[]): XmlElement[] {
  if (el.local === 'dc' && el.ns === OAI_DC_NAMESPACE) out.push(el);
  else for (const c of el.children) if (typeof c !== 'string') collectDcElements(c, out);
  return out;
}

function findDcElements(root: XmlElement): XmlElement[] {
  const found = collectDcElements(root, []);
  return found.length ? found : [root];
}

/** Every oai_dc record in the document (a bare oai_dc:dc, or an OAI-PMH response), as record inputs. */
export function parseOaiDcRecords(input: string | Buffer): RecordInput[] {
  return findDcElements(parseXmlSafely(input)).map(toRecordInput);
}

/** The first oai_dc record in the document as a record input (best effort; see MAPPING.md). */
export function parseOaiDc(input: string | Buffer): RecordInput {
  return toRecordInput(findDcElements(parseXmlSafely(input))[0]);
}

/** parseOaiDc for an element already parsed (a harvested page's `<metadata>` child), without parsing it again. */
export function parseOaiDcElement(el: XmlElement): RecordInput {
  return toRecordInput(findDcElements(el)[0]);
}

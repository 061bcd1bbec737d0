/**
 * Builds src/demo/demo-records.jsonl from the test fixtures: the DataCite XML fixtures, the
 * DataCite payloads of Zenodo's OAI-PMH `datacite` responses, and oai_dc records from real
 * OAI-PMH responses (Zenodo, DSpace@MIT, TETHYS) mapped into the record shape.
 * Only schema-valid records are kept; DOIs are unique (the store requires it).
 * Run: npx tsx src/demo/build-demo.ts
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDataCiteXml, toMetadataFromResource } from '../serializers/datacite/parse-xml.ts';
import { parseOaiDcRecords } from '../serializers/dublin-core/parse-oai-dc.ts';
import { createRecordValidator } from '../src/records/schema.ts';
import type { RecordInput } from '../src/records/types.ts';
import { RECORD_SCHEMA_ID } from '../src/records/types.ts';
import { parseXmlSafely, type XmlElement } from '../src/xml/parse.ts';
import { childElements, firstChild, textContent } from '../src/xml/tree.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = resolve(ROOT, 'test/fixtures');
const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';

function dataciteFixtures(): RecordInput[] {
  const dir = resolve(FIXTURES, 'datacite');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => parseDataCiteXml(readFileSync(resolve(dir, f))));
}

interface OaiRecord { header: XmlElement; metadata: XmlElement | undefined; baseURL: string; responseDate: string }

function oaiRecords(file: string): OaiRecord[] {
  const root = parseXmlSafely(readFileSync(resolve(FIXTURES, 'oai-responses', file)));
  const baseURL = textContent(firstChild(root, 'request', OAI_NS)!).trim();
  const responseDate = textContent(firstChild(root, 'responseDate', OAI_NS)!).trim();
  const list = firstChild(root, 'ListRecords', OAI_NS);
  return (list ? childElements(list, 'record', OAI_NS) : []).map((r) => {
    const md = firstChild(r, 'metadata', OAI_NS);
    return { header: firstChild(r, 'header', OAI_NS)!, metadata: md && childElements(md)[0], baseURL, responseDate };
  }).filter((r) => r.metadata);
}

const isDeleted = (r: OaiRecord) => r.header.attrs.status === 'deleted';

function provenance(r: OaiRecord, metadataNamespace: string): RecordInput['provenance'] {
  return {
    feed: 'oai-pmh',
    baseURL: r.baseURL,
    identifier: textContent(firstChild(r.header, 'identifier', OAI_NS)!).trim(),
    datestamp: textContent(firstChild(r.header, 'datestamp', OAI_NS)!).trim(),
    metadataNamespace,
    harvestDate: r.responseDate,
    altered: metadataNamespace !== 'http://datacite.org/schema/kernel-4',
  };
}

const OAI_DC_FILES = [
  'zenodo-invenio/ListRecords-oai_dc/page1.xml', 'zenodo-invenio/ListRecords-oai_dc/page2.xml', 'zenodo-invenio/ListRecords-oai_dc/page3.xml',
  'zenodo-invenio/ListRecords-oai_dc-set-software-page1.xml',
  'tethys-rdr/ListRecords/page1.xml', 'tethys-rdr/ListRecords/page2.xml', 'tethys-rdr/ListRecords/page3.xml',
  'dspace-mit/ListRecords-set.xml',
];

/** Every candidate demo record, before validation and de-duplication. */
export function collectDemoCandidates(): RecordInput[] {
  const out: RecordInput[] = dataciteFixtures();
  for (const r of oaiRecords('zenodo-invenio/ListRecords-datacite-page1.xml').filter((x) => !isDeleted(x))) {
    out.push({ $schema: RECORD_SCHEMA_ID, ...toMetadataFromResource(r.metadata!), provenance: provenance(r, 'http://datacite.org/schema/kernel-4') });
  }
  for (const file of OAI_DC_FILES) {
    // The harvester's own oai_dc loader, so the demo shows what a harvest would store.
    const headers = oaiRecords(file);
    const records = parseOaiDcRecords(readFileSync(resolve(FIXTURES, 'oai-responses', file)));
    if (records.length !== headers.length) throw new Error(`${file}: ${records.length} oai_dc records for ${headers.length} headers`);
    records.forEach((rec, i) => {
      if (!isDeleted(headers[i])) out.push({ $schema: RECORD_SCHEMA_ID, ...rec, provenance: provenance(headers[i], 'http://www.openarchives.org/OAI/2.0/oai_dc/') });
    });
  }
  return out;
}

/** Valid, DOI-unique, public demo records. */
export function buildDemoRecords(): RecordInput[] {
  const validator = createRecordValidator();
  const seenDoi = new Set<string>();
  const seenTitle = new Set<string>();
  const out: RecordInput[] = [];
  for (const r of collectDemoCandidates()) {
    const rec: RecordInput = { ...r, access: { record: 'public' } };
    if (validator.validate(rec).length) continue;
    const doi = rec.doi?.toLowerCase();
    if (doi && seenDoi.has(doi)) continue;
    const title = rec.titles[0].title;
    if (!doi && seenTitle.has(title)) continue;
    if (doi) seenDoi.add(doi);
    seenTitle.add(title);
    out.push(rec);
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const records = buildDemoRecords();
  writeFileSync(resolve(ROOT, 'src/demo/demo-records.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  console.log(`wrote ${records.length} demo records`);
}

/**
 * The oai_datacite envelope as DataCite's own OAI-PMH provider serves it (DataCite OAI
 * schema 1.1, http://schema.datacite.org/oai/oai-1.1/): schemaVersion, datacentreSymbol, then
 * the kernel-4 resource inside payload. Version 1.1 dropped isReferenceQuality.
 */
import { create } from 'xmlbuilder2';
import type { DataCiteMetadata } from '../../src/records/metadata.ts';
import { toBuilderValue } from '../../src/xml/sanitize.ts';
import { XSI_NS, toKernelVersion } from './namespace.ts';
import { appendDataCiteResource } from './to-xml.ts';

export const OAI_DATACITE_NS = 'http://schema.datacite.org/oai/oai-1.1/';
export const OAI_DATACITE_SCHEMA = 'http://schema.datacite.org/oai/oai-1.1/oai.xsd';

/** The symbol Granary declares as data centre when none is configured. */
export const DEFAULT_DATACENTRE_SYMBOL = 'GRANARY';

/** `<oai_datacite>` element (no XML declaration) for embedding in an OAI-PMH `<metadata>`. */
export function toOaiDataCiteFragment(m: DataCiteMetadata, datacentreSymbol = DEFAULT_DATACENTRE_SYMBOL): string {
  const version = toKernelVersion(m);
  const doc = create();
  const env = doc.ele(OAI_DATACITE_NS, 'oai_datacite', { 'xmlns:xsi': XSI_NS, 'xsi:schemaLocation': `${OAI_DATACITE_NS} ${OAI_DATACITE_SCHEMA}` });
  env.ele('schemaVersion').txt(version);
  env.ele('datacentreSymbol').txt(toBuilderValue(datacentreSymbol));
  appendDataCiteResource(env.ele('payload'), m, version);
  return doc.end({ headless: true });
}

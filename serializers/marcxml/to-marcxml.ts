/**
 * MARCXML (MARC 21 slim, http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd):
 * leader, control fields 001/005/008, then the data fields from fields.ts.
 */
import { create } from 'xmlbuilder2';
import type { SerializeOptions } from '../format.ts';
import type { GranaryRecord } from '../../src/records/types.ts';
import { toXmlString } from '../text/xml-output.ts';
import { toBuilderValue } from '../../src/xml/sanitize.ts';
import { toDataFields } from './fields.ts';
import { toField008, toLeader } from './fixed-fields.ts';

export const MARC_NAMESPACE = 'http://www.loc.gov/MARC21/slim';
export const MARC_SCHEMA = 'http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** 005: date and time of latest transaction, yyyymmddhhmmss.f. */
function toField005(updated: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(updated ?? '');
  return m ? `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}${m[6]}.0` : undefined;
}

function buildMarc(record: GranaryRecord, options: SerializeOptions) {
  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' })
    .ele(MARC_NAMESPACE, 'record')
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:xsi', XSI)
    .att(XSI, 'xsi:schemaLocation', `${MARC_NAMESPACE} ${MARC_SCHEMA}`);
  root.ele(MARC_NAMESPACE, 'leader').txt(toLeader(record));
  root.ele(MARC_NAMESPACE, 'controlfield').att('tag', '001').txt(record.id);
  const f005 = toField005(record.updated);
  if (f005) root.ele(MARC_NAMESPACE, 'controlfield').att('tag', '005').txt(f005);
  root.ele(MARC_NAMESPACE, 'controlfield').att('tag', '008').txt(toField008(record));
  for (const f of toDataFields(record, options)) {
    const df = root.ele(MARC_NAMESPACE, 'datafield').att('tag', f.tag).att('ind1', f.ind1).att('ind2', f.ind2);
    for (const [code, value] of f.subfields) df.ele(MARC_NAMESPACE, 'subfield').att('code', code).txt(toBuilderValue(value));
  }
  return root;
}

/** The record as a MARCXML document (a single `record` element, with XML declaration). */
export function toMarcXml(record: GranaryRecord, options: SerializeOptions): string {
  return toXmlString(buildMarc(record, options), false);
}

/** The MARCXML `record` element alone, for embedding in an OAI-PMH response. */
export function toMarcXmlFragment(record: GranaryRecord, options: SerializeOptions): string {
  return toXmlString(buildMarc(record, options), true);
}

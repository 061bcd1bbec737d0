/**
 * The MARC 21 Bibliographic leader and 008 for a record. Positions are from the MARC 21
 * Format for Bibliographic Data ("Leader", "008 - All Materials"); a reader "fixing" a
 * blank or a '|' here should check those pages first: '|' means "no attempt to code".
 */
import type { GranaryRecord } from '../../src/records/types.ts';
import { toMarcLanguage } from '../text/languages.ts';

// Leader/06 type of record and /07 bibliographic level by DataCite resourceTypeGeneral.
const TYPE_OF_RECORD: Record<string, [type: string, level: string]> = {
  Audiovisual: ['g', 'm'],
  Presentation: ['g', 'm'],
  Book: ['a', 'm'],
  BookChapter: ['a', 'a'],
  ConferencePaper: ['a', 'a'],
  ConferenceProceeding: ['a', 'm'],
  DataPaper: ['a', 'a'],
  Dissertation: ['a', 'm'],
  Journal: ['a', 's'],
  JournalArticle: ['a', 'a'],
  PeerReview: ['a', 'a'],
  Preprint: ['a', 'm'],
  Report: ['a', 'm'],
  Standard: ['a', 'm'],
  Text: ['a', 'm'],
  OutputManagementPlan: ['a', 'm'],
  Dataset: ['m', 'm'],
  Software: ['m', 'm'],
  ComputationalNotebook: ['m', 'm'],
  Model: ['m', 'm'],
  Workflow: ['m', 'm'],
  Service: ['m', 'm'],
  InteractiveResource: ['m', 'm'],
  Image: ['k', 'm'],
  Poster: ['k', 'm'],
  // Leader/06 'i' is a nonmusical sound recording; DataCite cannot tell music ('j') apart.
  Sound: ['i', 'm'],
  PhysicalObject: ['r', 'm'],
  Instrument: ['r', 'm'],
  Collection: ['p', 'c'],
};

/** Leader/06 and /07 for a resourceTypeGeneral (language material, monograph when unknown). */
export function toTypeOfRecord(resourceTypeGeneral: string | undefined): [string, string] {
  return TYPE_OF_RECORD[resourceTypeGeneral ?? ''] ?? ['a', 'm'];
}

/** The resourceTypeGeneral a leader/06-07 pair most likely describes. */
export function parseTypeOfRecord(leader: string): GranaryRecord['types'] {
  const type = leader[6];
  const level = leader[7];
  if (type === 'a' || type === 't') {
    if (level === 's') return { resourceTypeGeneral: 'Journal' };
    if (level === 'a' || level === 'b') return { resourceTypeGeneral: 'JournalArticle' };
    return { resourceTypeGeneral: 'Book' };
  }
  const general: Record<string, NonNullable<GranaryRecord['types']>['resourceTypeGeneral']> = {
    m: 'Dataset', k: 'Image', g: 'Audiovisual', i: 'Sound', j: 'Sound', r: 'PhysicalObject', p: 'Collection', e: 'Image', f: 'Image', c: 'Text', d: 'Text',
  };
  return { resourceTypeGeneral: general[type] ?? 'Other', ...(type === 'j' ? { resourceType: 'Music' } : type === 'e' ? { resourceType: 'Map' } : {}) };
}

/**
 * Leader (24 characters): 00-04 length (computed by ISO 2709 writers, zeros in MARCXML),
 * 05 'n' new, 06-07 type and level, 09 'a' UCS/Unicode, 10-11 '22', 12-16 base address,
 * 17 encoding level 'u' unknown, 18 'u' descriptive form unknown, 20-23 '4500'.
 */
export function toLeader(record: GranaryRecord): string {
  const [type, level] = toTypeOfRecord(record.types?.resourceTypeGeneral);
  return `00000n${type}${level} a2200000uu 4500`;
}

/** The publication year the record states, if it is four digits. */
export function toYear(record: GranaryRecord): string | undefined {
  const year = record.publicationYear ?? record.dates?.find((d) => d.dateType === 'Issued')?.date.slice(0, 4);
  return year && /^\d{4}$/.test(year) ? year : undefined;
}

/**
 * 008 (exactly 40 characters): 00-05 date entered (yymmdd), 06 's' single known date or
 * 'n' unknown, 07-10 Date 1, 11-14 Date 2, 15-17 place 'xx ' unknown, 18-34 material
 * specific ('|' no attempt to code), 35-37 language (MARC code, 'und' undetermined),
 * 38 modified ' ', 39 cataloging source 'd' other.
 */
export function toField008(record: GranaryRecord): string {
  const created = /^\d{4}-\d{2}-\d{2}/.test(record.created ?? '') ? record.created : '1970-01-01';
  const entered = created.slice(2, 4) + created.slice(5, 7) + created.slice(8, 10);
  const year = toYear(record);
  const dates = year ? `s${year}    ` : 'nuuuuuuuu';
  const lang = toMarcLanguage(record.language) ?? 'und';
  const field = `${entered}${dates}xx ${'|'.repeat(17)}${lang} d`;
  if (field.length !== 40) throw new Error(`008 must be 40 characters, built ${field.length}`);
  return field;
}

/**
 * A small corpus for the search suites, inserted with plain SQL (not through the record
 * store) so the search columns come from the 0002 trigger alone.
 */
import type { Queryable } from '../../src/db/pool.ts';

export interface SeedRecord {
  id: string;
  json: Record<string, unknown>;
  access?: 'public' | 'restricted' | 'embargoed';
  embargoUntil?: string;
  owners?: string[];
  deleted?: boolean;
}

/** Insert records; `created` follows the order given, one minute apart. */
export async function insertRecords(db: Queryable, records: SeedRecord[], start = Date.UTC(2020, 0, 1)): Promise<void> {
  for (const [i, r] of records.entries()) {
    const at = new Date(start + i * 60_000).toISOString();
    await db.query(
      `INSERT INTO records (id, json, schema, revision, created, updated, datestamp, access_level, embargo_until, owners, deleted_at)
       VALUES ($1, $2, 'local://records/record-v1.0.0.json', 1, $3, $3, $3, $4, $5, $6, $7)`,
      [r.id, { id: r.id, ...r.json }, at, r.access ?? 'public', r.embargoUntil ?? null, r.owners ?? [], r.deleted ? at : null],
    );
  }
}

const t = (title: string) => [{ title }];
const person = (name: string) => ({ name, nameType: 'Personal' });

/** Ten records: public, restricted, embargoed (future and lifted), deleted, junk, multilingual. */
export const CORPUS: SeedRecord[] = [
  {
    id: 'r01',
    json: {
      doi: '10.5281/zenodo.1',
      titles: t('Sea level rise in the North Sea'),
      creators: [person('Smith, Jane')],
      subjects: [{ subject: 'oceanography' }, { subject: 'climate' }, { subject: 'climate' }],
      descriptions: [{ description: 'Tide gauge records.', descriptionType: 'Abstract' }],
      types: { resourceTypeGeneral: 'Dataset' },
      publicationYear: '2014',
      language: 'en',
      publisher: { name: 'Zenodo' },
    },
  },
  {
    id: 'r02',
    json: {
      titles: t('Climate models of the Arctic'),
      creators: [person('Müller, Hans')],
      subjects: [{ subject: 'climate' }],
      types: { resourceTypeGeneral: 'Dataset' },
      publicationYear: 2010,
      language: 'DE',
      publisher: { name: 'PANGAEA' },
    },
  },
  {
    id: 'r03',
    json: {
      titles: t('Ocean acidification'),
      creators: [person('Smith, John')],
      subjects: [{ subject: 'oceanography' }],
      descriptions: [{ description: 'The climate impact on sea life.' }],
      types: { resourceTypeGeneral: 'Text' },
      publicationYear: '2005-06-01',
      language: 'en',
      publisher: 'Zenodo',
    },
  },
  {
    id: 'r04',
    access: 'restricted',
    owners: ['alice'],
    json: {
      titles: t('Secret climate data'),
      creators: [person('Hidden, Person')],
      subjects: [{ subject: 'climate' }, { subject: 'secret-subject' }],
      types: { resourceTypeGeneral: 'Dataset' },
      publicationYear: '2014',
    },
  },
  {
    id: 'r05',
    access: 'embargoed',
    embargoUntil: '2999-01-01',
    json: { titles: t('Embargoed climate study'), subjects: [{ subject: 'embargoed-subject' }], types: { resourceTypeGeneral: 'Software' }, publicationYear: '2020' },
  },
  {
    id: 'r06',
    access: 'embargoed',
    embargoUntil: '2000-01-01',
    json: { titles: t('Lifted embargo glacier data'), types: { resourceTypeGeneral: 'Dataset' }, publicationYear: '2001' },
  },
  { id: 'r07', deleted: true, json: { titles: t('Deleted climate record'), types: { resourceTypeGeneral: 'Dataset' } } },
  {
    id: 'r08',
    json: { titles: { title: 'Glacier junk' }, publicationYear: 'circa 1900', types: ['Dataset'], creators: 'nobody', language: 5, subjects: 'x', publisher: 7 },
  },
  {
    id: 'r09',
    json: {
      titles: [{ title: 'Über die Gletscher', lang: 'de' }, { title: 'On glaciers', lang: 'en', titleType: 'TranslatedTitle' }],
      creators: [{ givenName: 'Anna', familyName: 'Berg', nameType: 'Personal' }],
      types: { resourceTypeGeneral: 'Image' },
      publicationYear: '1999',
      language: 'de',
    },
  },
  {
    id: 'r10',
    json: { titles: t('Zebra patterns'), types: { resourceTypeGeneral: 'Image' }, publicationYear: 2014, language: 'en' },
  },
];

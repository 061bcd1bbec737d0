/**
 * Deterministic generated DataCite-shaped records for the benchmarks: realistic field
 * counts and sizes (a few creators with ORCIDs and affiliations, subjects, an abstract of a
 * few hundred characters), varied types, years and languages so facets have spread.
 */
import type { RecordInput } from '../src/records/types.ts';

const WORDS = (
  'climate ocean protein genome neural network soil carbon river basin glacier isotope survey cohort trial ' +
  'galaxy spectra quantum lattice polymer catalyst enzyme microbiome forest drought rainfall urban mobility ' +
  'language corpus archive manuscript medieval coins pottery excavation sediment seismic volcano magma ' +
  'vaccine antibody malaria tuberculosis diabetes cardiac imaging sensor satellite radar lidar algorithm'
).split(' ');
const GIVEN = ['Maria', 'Jan', 'Wei', 'Aisha', 'Lars', 'Sofia', 'Kenji', 'Olga', 'Pedro', 'Fatima', 'Ingrid', 'Tomas'];
const FAMILY = ['Garcia', 'Nowak', 'Chen', 'Okafor', 'Larsen', 'Rossi', 'Tanaka', 'Ivanova', 'Silva', 'Haddad', 'Berg', 'Novak'];
const TYPES = ['Dataset', 'Text', 'Software', 'JournalArticle', 'Image', 'Collection', 'Preprint', 'Report'];
const LANGS = ['en', 'de', 'fr', 'es', 'it', 'nl'];
const SUBJECTS = ['Earth sciences', 'Biology', 'Physics', 'Chemistry', 'Medicine', 'History', 'Linguistics', 'Computer science', 'Ecology', 'Astronomy'];

/** A small fast PRNG (mulberry32) so runs are reproducible. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function orcid(r: () => number): string {
  const d = () => String(Math.floor(r() * 10000)).padStart(4, '0');
  return `https://orcid.org/0000-${d()}-${d()}-${d()}`;
}

/** The i-th generated record (same i, same record). */
export function generateRecord(i: number): RecordInput {
  const r = rng(i + 1);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const nCreators = 1 + Math.floor(r() * 4);
  const type = pick(TYPES);
  const year = 1990 + Math.floor(r() * 35);
  return {
    doi: `10.99999/bench.${i}`,
    creators: Array.from({ length: nCreators }, () => {
      const given = pick(GIVEN);
      const family = pick(FAMILY);
      return {
        name: `${family}, ${given}`,
        nameType: 'Personal',
        givenName: given,
        familyName: family,
        nameIdentifiers: [{ nameIdentifier: orcid(r), nameIdentifierScheme: 'ORCID', schemeUri: 'https://orcid.org' }],
        affiliation: [{ name: `University of ${pick(FAMILY)}` }],
      };
    }),
    titles: [{ title: `${words(3)} ${words(4)}`.replace(/^./, (c) => c.toUpperCase()) }],
    publisher: { name: pick(['Zenodo', 'PANGAEA', 'Dryad', 'figshare', 'DANS']) },
    publicationYear: String(year),
    types: { resourceTypeGeneral: type, resourceType: type },
    subjects: [{ subject: pick(SUBJECTS) }, { subject: words(1) }],
    language: pick(LANGS),
    dates: [{ date: `${year}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`, dateType: 'Issued' }],
    rightsList: [{ rights: 'Creative Commons Attribution 4.0 International', rightsUri: 'https://creativecommons.org/licenses/by/4.0/legalcode', rightsIdentifier: 'cc-by-4.0' }],
    descriptions: [{ description: `${words(40)}.`, descriptionType: 'Abstract' }],
    version: `1.${i % 7}`,
  } as RecordInput;
}

/** A JSON Lines stream of n generated records. */
export function* generateJsonLines(n: number, start = 0): Generator<string> {
  for (let i = start; i < start + n; i++) yield JSON.stringify(generateRecord(i)) + '\n';
}

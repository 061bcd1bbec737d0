/** BibTeX (application/x-bibtex, .bib). */
import type { Format } from '../format.ts';
import { toBibtex, toBibtexList } from './to-bibtex.ts';

export const bibtexFormat: Format = {
  id: 'bibtex',
  mediaTypes: ['application/x-bibtex', 'text/x-bibtex'],
  extension: 'bib',
  label: 'BibTeX',
  serialize: (record, options) => toBibtex(record, options),
  serializeList: (records, options) => toBibtexList(records, options),
};

/**
 * Highwire Press citation_* meta tags, which Google Scholar and Zotero read from landing
 * pages (Google Scholar inclusion guidelines, "Indexing guidelines").
 */
import type { GranaryRecord } from '../../src/records/types.ts';
import { toCsl } from '../../serializers/csl/to-csl.ts';
import { toPlainText } from '../../serializers/csl/record-fields.ts';

/** [name, content] pairs in the order Google Scholar documents them; repeated names for authors. */
export function toHighwireTags(record: GranaryRecord, options: { baseUrl: string; pdfUrls?: string[] }): [string, string][] {
  const item = toCsl(record, options);
  const tags: [string, string | undefined][] = [['citation_title', toPlainText(item.title)]];
  for (const a of item.author ?? []) tags.push(['citation_author', a.literal ?? (a.given ? `${a.family}, ${a.given}` : a.family)]);
  const parts = item.issued?.['date-parts']?.[0];
  // Scholar wants YYYY/MM/DD or just the year.
  if (parts) tags.push(['citation_publication_date', parts.map((p, i) => (i === 0 ? String(p) : String(p).padStart(2, '0'))).join('/')]);
  tags.push(['citation_doi', item.DOI], ['citation_publisher', item.publisher]);
  const container = item['container-title'];
  if (item.type === 'article-journal') tags.push(['citation_journal_title', container]);
  else if (item.type === 'paper-conference') tags.push(['citation_conference_title', container]);
  else if (item.type === 'chapter') tags.push(['citation_inbook_title', container]);
  if (item.type === 'thesis') tags.push(['citation_dissertation_institution', item.publisher]);
  if (item.type === 'report') tags.push(['citation_technical_report_institution', item.publisher]);
  tags.push(['citation_volume', item.volume], ['citation_issue', item.issue], ['citation_issn', item.ISSN], ['citation_isbn', item.ISBN]);
  const [first, last] = (item.page ?? '').split('-');
  tags.push(['citation_firstpage', first || undefined], ['citation_lastpage', last || undefined]);
  tags.push(['citation_language', item.language]);
  for (const s of record.subjects ?? []) tags.push(['citation_keywords', s.subject]);
  tags.push(['citation_abstract_html_url', item.URL]);
  for (const pdf of options.pdfUrls ?? []) tags.push(['citation_pdf_url', pdf]);
  return tags.filter((t): t is [string, string] => typeof t[1] === 'string' && t[1].trim() !== '');
}

/**
 * COinS: an OpenURL 1.0 ContextObject (Z39.88-2004, KEV format) in the title of a
 * <span class="Z3988">, which Zotero and link resolvers read. Journal articles and books get
 * their KEV formats; everything else the Dublin Core one.
 */
import type { GranaryRecord } from '../../src/records/types.ts';
import { toCsl } from '../../serializers/csl/to-csl.ts';
import { toPlainText } from '../../serializers/csl/record-fields.ts';

/** The ContextObject as a query string (still to be HTML-escaped into the title attribute). */
export function toCoins(record: GranaryRecord, options: { baseUrl: string }): string {
  const item = toCsl(record, options);
  const pairs: [string, string | undefined][] = [['ctx_ver', 'Z39.88-2004']];
  const title = toPlainText(item.title);
  const year = item.issued?.['date-parts']?.[0]?.[0];
  const authors = (item.author ?? []).map((a) => a.literal ?? (a.given ? `${a.family}, ${a.given}` : a.family));
  if (item.type === 'article-journal') {
    pairs.push(['rft_val_fmt', 'info:ofi/fmt:kev:mtx:journal'], ['rft.genre', 'article'], ['rft.atitle', title], ['rft.jtitle', item['container-title']]);
    pairs.push(['rft.volume', item.volume], ['rft.issue', item.issue], ['rft.pages', item.page], ['rft.issn', item.ISSN]);
    for (const a of authors) pairs.push(['rft.au', a]);
  } else if (item.type === 'book' || item.type === 'chapter') {
    const chapter = item.type === 'chapter';
    pairs.push(['rft_val_fmt', 'info:ofi/fmt:kev:mtx:book'], ['rft.genre', chapter ? 'bookitem' : 'book']);
    pairs.push(chapter ? ['rft.atitle', title] : ['rft.btitle', title], chapter ? ['rft.btitle', item['container-title']] : ['rft.isbn', item.ISBN]);
    pairs.push(['rft.pub', item.publisher]);
    for (const a of authors) pairs.push(['rft.au', a]);
  } else {
    pairs.push(['rft_val_fmt', 'info:ofi/fmt:kev:mtx:dc'], ['rft.title', title], ['rft.type', record.types?.resourceTypeGeneral], ['rft.publisher', item.publisher]);
    for (const a of authors) pairs.push(['rft.creator', a]);
  }
  pairs.push(['rft.date', year === undefined ? undefined : String(year)]);
  if (item.DOI) pairs.push(['rft_id', `info:doi/${item.DOI}`]);
  pairs.push(['rft_id', item.URL]);
  return pairs
    .filter((p): p is [string, string] => typeof p[1] === 'string' && p[1] !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
}

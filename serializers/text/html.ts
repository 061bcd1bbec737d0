/**
 * HTML to plain text for formats that cannot carry markup (Dublin Core, MARC 520).
 * DataCite descriptions often hold HTML pasted from web forms, and Zenodo/InvenioRDM store
 * abstracts as HTML. Only known HTML element names count as tags, so text such as
 * "p < 0.05 and q > 1" or "<fig. 3>" survives untouched.
 */
import { decodeHTML } from 'entities';

// Elements whose content is never readable text.
const DROPPED_WITH_CONTENT = /<(script|style|template|noscript|iframe|object)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
// Elements that end a line of text.
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'tr', 'ul',
]);
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'caption', 'cite', 'code', 'col', 'colgroup', 'del', 'dfn', 'em',
  'font', 'i', 'img', 'ins', 'kbd', 'mark', 'math', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong',
  'sub', 'sup', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tt', 'u', 'var', 'wbr', 'html', 'body',
  'head', 'meta', 'link', 'title', 'input', 'label', 'button', 'form', 'center', 'source', 'picture',
]);
const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)\b(?:[^<>"']|"[^"]*"|'[^']*')*\/?>/g;
const COMMENT = /<!--[\s\S]*?-->/g;
const NEEDS_TIDY = /[\n\u00A0\t\r\f\v]| {2}/;

/** Whether the text contains at least one known HTML tag or an HTML entity. */
export function looksLikeHtml(text: string): boolean {
  // Both a tag and an entity need one of these; most abstracts have neither.
  if (!text.includes('<') && !text.includes('&')) return false;
  if (/&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#\d{1,7}|#x[0-9a-fA-F]{1,6});/.test(text)) return true;
  for (const m of text.matchAll(TAG)) {
    const name = m[1].toLowerCase();
    if (BLOCK.has(name) || INLINE.has(name)) return true;
  }
  return false;
}

/**
 * Plain text from an HTML fragment: scripts and styles dropped with their content, known
 * tags removed (block tags become line breaks), entities decoded, spaces collapsed.
 * Text without HTML is returned with only its whitespace tidied.
 */
export function toPlainText(html: string): string {
  let text = html;
  if (looksLikeHtml(html)) {
    text = html
      .replace(COMMENT, '')
      .replace(DROPPED_WITH_CONTENT, '')
      .replace(TAG, (tag, name: string) => {
        const lower = name.toLowerCase();
        if (BLOCK.has(lower)) return '\n';
        if (INLINE.has(lower)) return '';
        return tag;
      });
    // Decode after removing tags, so an escaped "&lt;b&gt;" stays visible text.
    text = decodeHTML(text);
  }
  // One line with single spaces only: the tidying below would change nothing but the ends.
  if (!NEEDS_TIDY.test(text)) return text.trim();
  return text
    .replace(/\u00A0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n')
    .trim();
}

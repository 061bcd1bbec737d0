/** HTML escaping for text and attribute values (the five characters of the HTML spec's "escape a string"). */
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for an HTML element or a double-quoted attribute. */
export function escapeHtml(value: string | number | undefined | null): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON safe inside <script type="application/ld+json">: "<" becomes \u003c, so neither
 * "</script>" nor "<!--" can end or change the script element (HTML 13.2.5.1 script data).
 */
export function toScriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

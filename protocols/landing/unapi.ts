/**
 * unAPI 1.0 (unapi.info/specs): the formats list, per-record formats (300 Multiple
 * Choices, as the spec requires), and a 302 to the record in a chosen format.
 */
import type { Context } from 'hono';
import type { GranaryRecord } from '../../src/records/types.ts';
import type { FormatRegistry } from '../../serializers/registry.ts';
import { escapeHtml } from './escape.ts';

/** Answer GET /unapi[?id=...[&format=...]]. */
export async function toUnapiResponse(c: Context, registry: FormatRegistry, baseUrl: string, getRecord: (id: string) => Promise<GranaryRecord>): Promise<Response> {
  const id = c.req.query('id');
  const format = c.req.query('format');
  const formats = registry.listFormats().filter((f) => !registry.isListOnly(f));
  if (id && format) {
    const f = registry.byId(format);
    if (!f || !formats.includes(f)) return new Response('unknown format\n', { status: 406, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    const record = await getRecord(id); // NotFound / Gone propagate to the router's error table
    // unAPI 1.0: a format not available for this id is 406, as the 300 list for it leaves it out.
    if (f.supports && !f.supports(record)) return new Response('format not available for this id\n', { status: 406, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    return new Response(null, { status: 302, headers: { Location: `${baseUrl}/records/${encodeURIComponent(id)}?format=${encodeURIComponent(f.id)}` } });
  }
  const record = id ? await getRecord(id) : undefined;
  const offered = record ? formats.filter((f) => !f.supports || f.supports(record)) : formats;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<formats${id ? ` id="${escapeHtml(id)}"` : ''}>\n${offered
    .map((f) => `  <format name="${escapeHtml(f.id)}" type="${escapeHtml(f.mediaTypes[0])}"/>`)
    .join('\n')}\n</formats>\n`;
  return new Response(xml, { status: id ? 300 : 200, headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
}

/**
 * Every XML format, whole document and OAI-PMH fragment, gives back text that looks like an
 * entity or character reference exactly as it was stored: read with xmllint, a real XML
 * parser, the title is the stored title. xmlbuilder2 passes `&name;` through unescaped,
 * so marcxml, oai_openaire and the REST dc document once emitted "&amp;" for "&amp;"
 * (read back as "&") and "&y;" (not well-formed).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createFormatRegistry } from '../../serializers/registry.ts';
import { hostileRecords } from './hostile-records.ts';

const registry = createFormatRegistry();
const record = hostileRecords().find((r) => r.id === 'hostile-entities')!;
const TITLE = record.titles[0]!.title;

/** The text of every element whose local name is `name`, as an XML parser reads it. */
function textsOf(xml: string, name: string): string[] {
  const out = execFileSync('xmllint', ['--nonet', '--xpath', `//*[local-name()='${name}']/text()`, '-'], { input: xml, encoding: 'utf8' });
  // xmllint prints the nodes' text re-escaped as XML; unescape its three escapes once.
  return out
    .split('\n')
    .filter(Boolean)
    .map((t) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}

const TITLE_ELEMENT: Record<string, { name: string; pick?: (texts: string[]) => string | undefined }> = {
  'datacite-xml': { name: 'title' },
  oai_datacite: { name: 'title' },
  dc: { name: 'title' },
  oai_openaire: { name: 'title' },
  // MARC 245 $a holds the title; subfields carry no names, so look for it among them.
  marcxml: { name: 'subfield', pick: (t) => t.find((s) => s.startsWith('Literal')) },
};

describe('entity look-alikes in XML formats', () => {
  const xmlFormats = registry.listFormats().filter((f) => f.mediaTypes.some((m) => m.includes('xml')));

  it('covers every XML format', () => {
    expect(xmlFormats.map((f) => f.id).sort()).toEqual(Object.keys(TITLE_ELEMENT).sort());
  });

  for (const id of Object.keys(TITLE_ELEMENT)) {
    it(`${id} round-trips the title through a real parser`, () => {
      const format = registry.byId(id)!;
      const { name, pick = (t: string[]) => t[0] } = TITLE_ELEMENT[id]!;
      const documents = [format.serialize(record, { baseUrl: 'https://repo.example.org' })];
      if (format.serializeFragment) documents.push(format.serializeFragment(record, { baseUrl: 'https://repo.example.org' }));
      for (const xml of documents) {
        expect(pick(textsOf(xml, name))).toBe(TITLE);
      }
    });
  }
});

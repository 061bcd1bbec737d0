import { describe, expect, it } from 'vitest';
import { createFormatRegistry } from '../../../serializers/registry.ts';
import { BASE_URL, articleRecord } from '../csl/corpus.ts';

const registry = createFormatRegistry();

describe('createFormatRegistry', () => {
  it('holds every format with unique ids and media types', () => {
    const ids = registry.listFormats().map((f) => f.id);
    expect(ids).toEqual([
      'json', 'datacite-json', 'datacite-xml', 'csl', 'schemaorg', 'citation', 'bibtex', 'ris', 'dc', 'marcxml', 'oai_openaire', 'oai_datacite', 'jsonl',
    ]);
    const mediaTypes = registry.listFormats().flatMap((f) => f.mediaTypes);
    expect(new Set(mediaTypes).size).toBe(mediaTypes.length);
  });

  it('looks formats up by id, media type (case and parameters ignored) and OAI prefix', () => {
    expect(registry.byId('bibtex')?.mediaTypes[0]).toBe('application/x-bibtex');
    expect(registry.byMediaType('Application/LD+JSON; charset=utf-8')?.id).toBe('schemaorg');
    expect(registry.byMediaType('application/vnd.schemaorg.ld+json')?.id).toBe('schemaorg');
    expect(registry.byMediaType('application/jsonl')?.id).toBe('jsonl');
    expect(registry.byOaiPrefix('oai_dc')?.id).toBe('dc');
    expect(registry.byOaiPrefix('nope')).toBeUndefined();
    expect(registry.oaiFormats().map((f) => f.oai!.metadataPrefix).sort()).toEqual(['datacite', 'marc21', 'oai_datacite', 'oai_dc', 'oai_openaire']);
  });

  it('serializes the reference record in every single-record format', () => {
    for (const format of registry.listFormats()) {
      const text = format.serialize(articleRecord(), { baseUrl: BASE_URL });
      expect(text.length, format.id).toBeGreaterThan(20);
    }
  });

  it('lists citation styles and locales', () => {
    const { styles, locales } = registry.listStyles();
    expect(styles.length).toBeGreaterThanOrEqual(10);
    expect(locales).toEqual(expect.arrayContaining(['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES']));
  });
});

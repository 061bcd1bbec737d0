/**
 * Formatted citations through citeproc-js. Building a CSL engine parses the whole style
 * and locale (tens of milliseconds for the big styles), so engines are cached per
 * (style, locale) and reused; citeproc-js is synchronous, so one engine is never used by
 * two requests at once.
 */
import CSL from 'citeproc';
import type { CslEngine } from 'citeproc';
import type { CslItem } from '../csl/to-csl.ts';
import { createCslCatalog, STYLE_ALIASES, type CslCatalog, type StyleEntry, type StyleInfo } from './catalog.ts';
import { UnknownCitationLocale, UnknownCitationStyle } from './errors.ts';

/** The style used when a request names none (DataCite content negotiation does the same). */
export const DEFAULT_STYLE = 'apa';
export const DEFAULT_LOCALE = 'en-US';
const MAX_ENGINES = 64;

/** What a citation request asks for. */
export interface CitationRequest {
  style?: string;
  locale?: string;
  output?: 'text' | 'html';
}

/** A citation renderer over one catalog of styles and locales. */
export interface CitationRenderer {
  /** Render items as a bibliography: one entry per line for text, a csl-bib-body div for html. */
  render(items: CslItem[], request: CitationRequest): string;
  /** Throws UnknownCitationStyle / UnknownCitationLocale for what the catalog lacks. */
  check(request: CitationRequest): { style: string; locale: string | undefined };
  listStyles(): StyleInfo[];
  listLocales(): string[];
}

interface CachedEngine {
  engine: CslEngine;
  items: Map<string, CslItem>;
}

/** Build a renderer; `extraStylesDir` adds (or replaces) styles and locales from that folder. */
export function createCitationRenderer(options: { extraStylesDir?: string; catalog?: CslCatalog } = {}): CitationRenderer {
  const catalog = options.catalog ?? createCslCatalog(options.extraStylesDir);
  const localeIds = new Map([...catalog.locales.keys()].map((k) => [k.toLowerCase(), k]));
  const engines = new Map<string, CachedEngine>();

  function resolveStyle(requested: string | undefined): StyleEntry {
    const raw = (requested ?? DEFAULT_STYLE).trim();
    // Accept Zotero style URLs too (http://www.zotero.org/styles/apa), as citation managers send them.
    const short = raw.replace(/^https?:\/\/www\.zotero\.org\/styles\//, '').toLowerCase();
    const entry = catalog.styles.get(short) ?? catalog.styles.get(STYLE_ALIASES[short] ?? '');
    if (!entry) throw new UnknownCitationStyle(raw);
    return entry;
  }

  /** de-DE, de_de and de all find de-DE; de alone picks the first bundled de-* (de-AT < de-DE alphabetically is avoided by preferring the doubled form). */
  function resolveLocale(requested: string | undefined): string | undefined {
    if (requested === undefined || requested.trim() === '') return undefined;
    const tag = requested.trim().replace(/_/g, '-').toLowerCase();
    const exact = localeIds.get(tag);
    if (exact) return exact;
    if (/^[a-z]{2,3}$/.test(tag)) {
      const preferred = localeIds.get(`${tag}-${tag}`) ?? localeIds.get(tag === 'en' ? 'en-us' : '');
      const any = [...localeIds.keys()].find((k) => k.startsWith(`${tag}-`));
      const hit = preferred ?? (any ? localeIds.get(any) : undefined);
      if (hit) return hit;
    }
    throw new UnknownCitationLocale(requested);
  }

  function check(request: CitationRequest) {
    return { style: resolveStyle(request.style).id, locale: resolveLocale(request.locale) };
  }

  function retrieveLocale(lang: string): string | false {
    const tag = lang.toLowerCase();
    const hit = localeIds.get(tag) ?? localeIds.get(`${tag}-${tag}`) ?? [...localeIds.entries()].find(([k]) => k.startsWith(`${tag}-`))?.[1];
    return (hit && catalog.locales.get(hit)) || false;
  }

  function engineFor(style: StyleEntry, locale: string | undefined): CachedEngine {
    const key = `${style.id}|${locale ?? ''}`;
    const cached = engines.get(key);
    if (cached) {
      engines.delete(key);
      engines.set(key, cached); // most recently used last
      return cached;
    }
    const independent = style.parent ? catalog.styles.get(style.parent) : style;
    if (!independent) throw new UnknownCitationStyle(`${style.id} (its parent style ${style.parent} is missing)`);
    const items = new Map<string, CslItem>();
    const sys = { retrieveLocale, retrieveItem: (id: string) => items.get(id) };
    const lang = locale ?? style.defaultLocale ?? independent.defaultLocale ?? DEFAULT_LOCALE;
    const engine = new CSL.Engine(sys, independent.xml, lang, locale !== undefined);
    const fresh = { engine, items };
    engines.set(key, fresh);
    if (engines.size > MAX_ENGINES) engines.delete(engines.keys().next().value!);
    return fresh;
  }

  function render(input: CslItem[], request: CitationRequest): string {
    const style = resolveStyle(request.style);
    const { engine, items } = engineFor(style, resolveLocale(request.locale));
    const output = request.output ?? 'text';
    items.clear();
    // citeproc-js keys items by id; make ids unique so two records with one id both render.
    const ids = input.map((item, i) => {
      const id = items.has(String(item.id)) ? `${item.id}#${i}` : String(item.id);
      items.set(id, { ...item, id });
      return id;
    });
    engine.setOutputFormat(output);
    // Empty the registry first: citeproc-js caches an id's rendering, so a record edited under the
    // same id would otherwise keep its old citation for the life of the cached engine.
    engine.updateItems([]);
    engine.updateItems(ids);
    const bib = engine.makeBibliography();
    if (bib === false) {
      // A style without <bibliography> (rare): give its citation form instead.
      return engine.makeCitationCluster(ids.map((id) => ({ id })));
    }
    const [meta, entries] = bib;
    if (output === 'html') return `${meta.bibstart}${entries.join('')}${meta.bibend}`;
    return entries.map((e) => e.trim()).join('\n');
  }

  return {
    render,
    check,
    listStyles: () =>
      [...catalog.styles.values()].map(({ id, title, parent, defaultLocale }) => ({ id, title, ...(parent ? { parent } : {}), ...(defaultLocale ? { defaultLocale } : {}) })),
    listLocales: () => [...catalog.locales.keys()],
  };
}

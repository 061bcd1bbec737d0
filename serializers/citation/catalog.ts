/**
 * The CSL styles and locales on disk: the bundled ones beside this file, plus any `.csl`
 * and `locales-*.xml` files in an extra directory (see styles/README.md). Files are read
 * once, when the catalog is created.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUNDLED_STYLES = fileURLToPath(new URL('./styles/', import.meta.url));
const BUNDLED_LOCALES = fileURLToPath(new URL('./locales/', import.meta.url));

/** One style as listed by GET /api/citation-styles. */
export interface StyleInfo {
  /** The short id used in `style=` (the file name without .csl). */
  id: string;
  title: string;
  /** For a dependent style: the id of the independent style that holds its formatting. */
  parent?: string;
  defaultLocale?: string;
}

export interface StyleEntry extends StyleInfo {
  xml: string;
}

export interface CslCatalog {
  styles: Map<string, StyleEntry>;
  /** Locale tag (e.g. de-DE) -> locale XML. */
  locales: Map<string, string>;
}

/** Short names people use for the common styles; each points at a bundled id. */
export const STYLE_ALIASES: Record<string, string> = {
  vancouver: 'vancouver-nlm',
  mla: 'modern-language-association',
  chicago: 'chicago-author-date',
  harvard: 'harvard-cite-them-right',
  acs: 'american-chemical-society',
  ama: 'american-medical-association',
  // The CSL repository's id for Chicago notes before the 2024 rename; citation tools still send it.
  'chicago-fullnote-bibliography': 'chicago-notes-bibliography',
  'chicago-note-bibliography': 'chicago-notes-bibliography',
};

const unescapeXml = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

function toStyleEntry(id: string, xml: string): StyleEntry {
  const info = /<info>([\s\S]*?)<\/info>/.exec(xml)?.[1] ?? '';
  const title = unescapeXml(/<title>([\s\S]*?)<\/title>/.exec(info)?.[1]?.trim() ?? id);
  const parentHref = /<link\s[^>]*rel="independent-parent"[^>]*>/.exec(info)?.[0].match(/href="([^"]+)"/)?.[1];
  const defaultLocale = /<style\s[^>]*default-locale="([^"]+)"/.exec(xml)?.[1];
  const entry: StyleEntry = { id, title, xml };
  if (parentHref) entry.parent = parentHref.replace(/\/+$/, '').split('/').pop();
  if (defaultLocale) entry.defaultLocale = defaultLocale;
  return entry;
}

function readInto(dir: string, catalog: CslCatalog): void {
  for (const file of readdirSync(dir).sort()) {
    const path = join(dir, file);
    if (file.endsWith('.csl')) {
      const id = basename(file, '.csl');
      catalog.styles.set(id, toStyleEntry(id, readFileSync(path, 'utf8')));
    } else if (/^locales-[A-Za-z-]+\.xml$/.test(file)) {
      catalog.locales.set(file.slice('locales-'.length, -'.xml'.length), readFileSync(path, 'utf8'));
    }
  }
}

/** Read the bundled styles and locales, then the extra directory's (which win on equal ids). */
export function createCslCatalog(extraStylesDir?: string): CslCatalog {
  const catalog: CslCatalog = { styles: new Map(), locales: new Map() };
  readInto(BUNDLED_STYLES, catalog);
  readInto(BUNDLED_LOCALES, catalog);
  if (extraStylesDir && existsSync(extraStylesDir)) readInto(extraStylesDir, catalog);
  return catalog;
}

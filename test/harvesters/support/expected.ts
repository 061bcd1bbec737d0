/**
 * What a harvest of some OAI-PMH pages must leave in the store, read from the pages with
 * plain regular expressions, independently of the harvester's own parser.
 */
export interface ExpectedRecords {
  /** identifier -> deleted? (the last occurrence wins). */
  final: Map<string, boolean>;
}

export function toExpectedRecords(pages: string[]): ExpectedRecords {
  const final = new Map<string, boolean>();
  for (const xml of pages) {
    for (const m of xml.matchAll(/<(?:\w+:)?header(\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?header>/g)) {
      const id = /<(?:\w+:)?identifier>\s*([^<]*?)\s*<\/(?:\w+:)?identifier>/.exec(m[2])?.[1];
      if (id) final.set(id, /status\s*=\s*["']deleted["']/.test(m[1] ?? ''));
    }
  }
  return { final };
}

export function toLiveIdentifiers(e: ExpectedRecords): string[] {
  return [...e.final].filter(([, d]) => !d).map(([id]) => id).sort();
}

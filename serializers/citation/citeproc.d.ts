// The part of citeproc-js (npm `citeproc`, no bundled types) that Granary uses.
declare module 'citeproc' {
  interface Sys {
    retrieveLocale(lang: string): string | false;
    retrieveItem(id: string): unknown;
  }
  interface BibliographyMeta {
    bibstart: string;
    bibend: string;
  }
  export interface CslEngine {
    setOutputFormat(format: 'text' | 'html' | 'rtf'): void;
    updateItems(ids: string[]): void;
    makeBibliography(): [BibliographyMeta, string[]] | false;
    makeCitationCluster(items: { id: string }[]): string;
  }
  const CSL: { Engine: new (sys: Sys, style: string, lang?: string, forceLang?: boolean) => CslEngine };
  export default CSL;
}

/** Typed 400s for citation requests; the REST layer turns them into problem+json. */
import { BadRequest } from '../../src/errors.ts';

/** Where clients can list the styles and locales this server knows (mounted by the app). */
export const CITATION_STYLES_PATH = '/api/citation-styles';

/** A style the server does not have. Never answered by silently falling back to APA. */
export class UnknownCitationStyle extends BadRequest {
  /** Path (relative to the public base URL) of the list of known styles. */
  readonly listUrl = CITATION_STYLES_PATH;
  constructor(readonly style: string) {
    super(`Unknown citation style "${style}". The styles this server knows are listed at ${CITATION_STYLES_PATH}.`, [
      { pointer: '/style', message: `unknown style; see ${CITATION_STYLES_PATH}` },
    ]);
  }
}

/** A locale the server has no CSL locale file for. */
export class UnknownCitationLocale extends BadRequest {
  readonly listUrl = CITATION_STYLES_PATH;
  constructor(readonly locale: string) {
    super(`Unknown citation locale "${locale}". The locales this server knows are listed at ${CITATION_STYLES_PATH}.`, [
      { pointer: '/locale', message: `unknown locale; see ${CITATION_STYLES_PATH}` },
    ]);
  }
}

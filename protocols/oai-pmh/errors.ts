/** OAI-PMH error conditions (OAI-PMH 2.0 section 3.6), answered with HTTP 200 and the error in the body. */

/** The eight error codes of OAI-PMH 2.0 section 3.6. */
export type OaiErrorCode =
  | 'badArgument'
  | 'badResumptionToken'
  | 'badVerb'
  | 'cannotDisseminateFormat'
  | 'idDoesNotExist'
  | 'noRecordsMatch'
  | 'noMetadataFormats'
  | 'noSetHierarchy';

/** One error element of a response. */
export interface OaiError {
  code: OaiErrorCode;
  message: string;
}

/** A verb handler's refusal: every error found, reported together where the spec allows. */
export class OaiErrors extends Error {
  constructor(readonly errors: OaiError[]) {
    super(errors.map((e) => `${e.code}: ${e.message}`).join('; '));
    this.name = 'OaiErrors';
  }
}

/** Shorthand for throwing one OAI error. */
export function toOaiErrors(code: OaiErrorCode, message: string): OaiErrors {
  return new OaiErrors([{ code, message }]);
}

/**
 * On badVerb and badArgument the <request> element carries only the base URL, never the
 * arguments, which may be the very thing that is wrong (OAI-PMH 2.0 section 3.2).
 */
export function hidesRequestArguments(errors: readonly OaiError[]): boolean {
  return errors.some((e) => e.code === 'badVerb' || e.code === 'badArgument');
}

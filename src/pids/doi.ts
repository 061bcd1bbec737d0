/**
 * DOIs: validated and normalized to lower case. DOIs are case-insensitive (DOI Handbook
 * 3.4: "case-insensitive ASCII"), so the normalized form is the one we store and compare.
 */
import { ValidationFailed } from '../errors.ts';

// "10." + a registrant code of 4-9 digits (with optional dotted sub-codes) + "/" + a
// non-empty suffix with no whitespace or control characters.
const DOI = /^10\.\d{4,9}(\.\d+)*\/[^\s\u0000-\u001f\u007f]+$/;

/** Strip resolver prefixes (https://doi.org/, doi:) and lower-case; null when not a DOI. */
export function normalizeDoi(raw: string): string | null {
  let s = raw.trim();
  s = s.replace(/^(https?:\/\/)?(dx\.)?doi\.org\//i, '').replace(/^doi:\s*/i, '');
  try {
    if (s.includes('%')) s = decodeURIComponent(s);
  } catch {
    return null;
  }
  s = s.toLowerCase();
  return DOI.test(s) ? s : null;
}

/** Normalize or throw a ValidationFailed naming the field. */
export function requireDoi(raw: string, pointer = '/doi'): string {
  const doi = normalizeDoi(raw);
  if (doi === null) {
    throw new ValidationFailed('Invalid DOI.', [
      { pointer, message: `"${raw}" is not a DOI: expected 10.<registrant>/<suffix>, e.g. 10.5281/zenodo.48440` },
    ]);
  }
  return doi;
}

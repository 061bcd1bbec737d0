/**
 * Personal names between the record's structured form (givenName/familyName) and the
 * inverted "Family, Given" strings used by Dublin Core (DRIVER/OpenAIRE guidelines),
 * MARC 100/700 $a and OpenAIRE creatorName.
 */

/** The parts of a name, whichever are known. */
export interface NameParts {
  name: string;
  givenName?: string;
  familyName?: string;
}

/** "Family, Given" when both parts are known, else the name as given. */
export function toInvertedName(person: NameParts): string {
  const family = person.familyName?.trim();
  const given = person.givenName?.trim();
  if (family && given) return `${family}, ${given}`;
  if (family) return family;
  return person.name.trim();
}

/**
 * Split an inverted name "Family, Given" into its parts. Only the first comma splits, and
 * only when both sides are non-empty and the name is not "Something, Inc."-like; a name
 * without a comma is returned whole (we do not guess where "Given Family" splits: a
 * space is not a reliable boundary for "de la Cruz" or "Wang Xiaoming").
 */
export function parseInvertedName(text: string): NameParts {
  const name = text.trim().replace(/\s+/g, ' ');
  const comma = name.indexOf(',');
  if (comma < 0) return { name };
  const familyName = name.slice(0, comma).trim();
  const givenName = name.slice(comma + 1).trim();
  if (!familyName || !givenName) return { name: familyName || givenName };
  if (/^(inc|ltd|llc|gmbh|co|corp|plc|s\.?a|ag|b\.?v)\.?$/i.test(givenName)) return { name };
  return { name: `${familyName}, ${givenName}`, givenName, familyName };
}

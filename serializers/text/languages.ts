/**
 * Language codes between the record (BCP 47 / ISO 639-1 where one exists, as DataCite
 * recommends) and formats that want three-letter ISO 639-2 codes (MARC 008/35-37 and 041
 * use the MARC Code List for Languages, which is ISO 639-2/B; OpenAIRE v4 dc:language
 * recommends ISO 639-3, whose codes for living languages equal ISO 639-2/T).
 */
import { iso6392, iso6392BTo1, iso6392TTo1 } from 'iso-639-2';

const BY_639_1 = new Map<string, { b: string; t: string }>();
for (const lang of iso6392) {
  if (lang.iso6391) BY_639_1.set(lang.iso6391, { b: lang.iso6392B, t: lang.iso6392T ?? lang.iso6392B });
}
const KNOWN_639_2 = new Set(iso6392.flatMap((l) => [l.iso6392B, l.iso6392T].filter((c): c is string => !!c)));

/** The primary language subtag, lower-cased: "en-GB" -> "en", "eng" -> "eng". */
function primary(lang: string): string {
  return lang.trim().toLowerCase().split(/[-_]/)[0];
}

function lookup(lang: string | undefined): { b: string; t: string } | undefined {
  if (!lang) return undefined;
  const code = primary(lang);
  if (code.length === 2) return BY_639_1.get(code);
  if (code.length !== 3 || !KNOWN_639_2.has(code)) return undefined;
  // A 2T code ("deu") and its 2B twin ("ger") meet through their 639-1 code ("de").
  const one = iso6392TTo1[code] ?? iso6392BTo1[code];
  return (one && BY_639_1.get(one)) || { b: code, t: code };
}

/** ISO 639-2/B (MARC) code for a record language, or undefined when unknown. */
export function toMarcLanguage(lang: string | undefined): string | undefined {
  return lookup(lang)?.b;
}

/** ISO 639-2/T (= ISO 639-3 for individual languages) code, or undefined when unknown. */
export function toIso6393Language(lang: string | undefined): string | undefined {
  return lookup(lang)?.t;
}

/** A language code as the record keeps it: ISO 639-1 when the code has one, else as given (tidied). */
export function parseLanguage(text: string): string | undefined {
  const tag = text.trim().replace(/_/g, '-');
  if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(tag)) return undefined;
  const code = primary(tag);
  if (code.length === 3) return iso6392BTo1[code] ?? iso6392TTo1[code] ?? code;
  return tag.length === 2 ? code : tag;
}

/**
 * Request arguments (OAI-PMH 2.0 section 3.1.1 and section 4): which verb, which
 * arguments it takes, and every badVerb / badArgument problem found, all at once.
 */
import { isSetSpec } from '../../src/sets/spec.ts';
import { parseOaiDate, type OaiDate } from './dates.ts';
import type { OaiError } from './errors.ts';

/** The six verbs. */
export type OaiVerb = 'Identify' | 'ListMetadataFormats' | 'ListSets' | 'GetRecord' | 'ListIdentifiers' | 'ListRecords';

type Need = 'required' | 'optional' | 'exclusive';

const LIST_ARGS: Record<string, Need> = { metadataPrefix: 'required', from: 'optional', until: 'optional', set: 'optional', resumptionToken: 'exclusive' };

const VERBS: Record<OaiVerb, Record<string, Need>> = {
  Identify: {},
  ListMetadataFormats: { identifier: 'optional' },
  ListSets: { resumptionToken: 'exclusive' },
  GetRecord: { identifier: 'required', metadataPrefix: 'required' },
  ListIdentifiers: LIST_ARGS,
  ListRecords: LIST_ARGS,
};

// OAI-PMH.xsd metadataPrefixType; values the schema would refuse are never echoed.
const METADATA_PREFIX = /^[A-Za-z0-9\-_.!~*'()]+$/;
// identifier is xs:anyURI, and the <request> element echoes it, so a value the schema would
// refuse is a badArgument (section 3.6), never echoed: no whitespace or control characters,
// '%' only as a %HH escape, at most one '#', no '[' or ']' (RFC 2396 has none outside an
// IPv6 host), and text before a first ':' must be a scheme (RFC 3986 section 4.2: a
// relative reference's first segment has no colon). What xmllint refuses, tested.
const IDENTIFIER = /^[^\s\u0000-\u001f\u007f[\]]+$/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

function isAnyUri(s: string): boolean {
  if (!IDENTIFIER.test(s) || BAD_PERCENT.test(s) || s.indexOf('#') !== s.lastIndexOf('#')) return false;
  const first = s.search(/[:/?#]/);
  return !(first > -1 && s[first] === ':' && !SCHEME.test(s.slice(0, first)));
}

/** A request whose verb and arguments are well-formed. */
export interface OaiRequest {
  verb: OaiVerb;
  /** The arguments as given (for the <request> echo). */
  args: Record<string, string>;
  from: OaiDate | null;
  until: OaiDate | null;
}

/** Read verb and arguments from the decoded key/value pairs of a GET query or POST body. */
export function parseOaiRequest(pairs: [string, string][]): OaiRequest | OaiError[] {
  const verbs = pairs.filter(([k]) => k === 'verb').map(([, v]) => v);
  if (verbs.length === 0) return [{ code: 'badVerb', message: 'The verb argument is missing.' }];
  if (verbs.length > 1) return [{ code: 'badVerb', message: 'The verb argument is repeated.' }];
  const verb = verbs[0];
  if (!Object.hasOwn(VERBS, verb)) return [{ code: 'badVerb', message: `"${verb}" is not an OAI-PMH verb; use one of ${Object.keys(VERBS).join(', ')}.` }];
  const allowed = VERBS[verb as OaiVerb];
  const errors: OaiError[] = [];
  const args: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [k, v] of pairs) {
    if (k === 'verb') continue;
    if (!Object.hasOwn(allowed, k)) {
      errors.push({ code: 'badArgument', message: `${verb} does not take the argument "${k}".` });
    } else if (seen.has(k)) {
      errors.push({ code: 'badArgument', message: `The argument ${k} is repeated.` });
    } else {
      seen.add(k);
      args[k] = v;
    }
  }
  const exclusive = Object.keys(args).find((k) => allowed[k] === 'exclusive');
  if (exclusive) {
    // Section 3.5: a resumptionToken is an exclusive argument.
    const others = Object.keys(args).filter((k) => k !== exclusive);
    if (others.length) errors.push({ code: 'badArgument', message: `${exclusive} is an exclusive argument; it cannot come with ${others.join(', ')}.` });
  } else {
    for (const [k, need] of Object.entries(allowed)) {
      if (need === 'required' && args[k] === undefined) errors.push({ code: 'badArgument', message: `${verb} needs the argument ${k}.` });
    }
  }
  if (args.metadataPrefix !== undefined && !METADATA_PREFIX.test(args.metadataPrefix)) {
    errors.push({ code: 'badArgument', message: `metadataPrefix "${args.metadataPrefix}" has characters a metadataPrefix cannot have.` });
  }
  if (args.set !== undefined && !isSetSpec(args.set)) {
    errors.push({ code: 'badArgument', message: `"${args.set}" is not a setSpec (setTags of letters, digits and -_.!~*'() joined by ':').` });
  }
  if (args.identifier !== undefined && !isAnyUri(args.identifier)) {
    errors.push({ code: 'badArgument', message: 'The identifier is not a URI: it is empty, or has spaces, control characters, a malformed %-escape, two #, a bracket or a bad scheme.' });
  }
  const from = readDate(args, 'from', errors);
  const until = readDate(args, 'until', errors);
  if (from && until) {
    // Section 3.3.1: from and until must have the same granularity, and from <= until.
    if (from.granularity !== until.granularity) errors.push({ code: 'badArgument', message: 'from and until must have the same granularity.' });
    else if (from.start > until.start) errors.push({ code: 'badArgument', message: 'from is later than until.' });
  }
  if (errors.length) return errors;
  return { verb: verb as OaiVerb, args, from, until };
}

function readDate(args: Record<string, string>, name: 'from' | 'until', errors: OaiError[]): OaiDate | null {
  const raw = args[name];
  if (raw === undefined) return null;
  const d = parseOaiDate(raw);
  if (typeof d === 'string') {
    errors.push({ code: 'badArgument', message: `${name}: ${d}.` });
    return null;
  }
  return d;
}

/**
 * setSpec syntax and hierarchy (OAI-PMH 2.0 section 2.7.2): a colon-separated path of
 * setTags, each made of URI unreserved characters as OAI-PMH.xsd's setSpecType allows.
 */

const SET_SPEC = /^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$/;

/** Is `s` a valid setSpec (OAI-PMH.xsd setSpecType)? */
export function isSetSpec(s: string): boolean {
  return s.length <= 500 && SET_SPEC.test(s);
}

/** The spec's proper ancestors, nearest first: `a:b:c` -> [`a:b`, `a`]. */
export function toParentSpecs(spec: string): string[] {
  const out: string[] = [];
  for (let i = spec.lastIndexOf(':'); i > 0; i = spec.lastIndexOf(':', i - 1)) out.push(spec.slice(0, i));
  return out;
}

/** The spec and its ancestors: the sets an item in `spec` belongs to. */
export function toSelfAndParentSpecs(spec: string): string[] {
  return [spec, ...toParentSpecs(spec)];
}

/**
 * The fewest setSpecs that state a record's membership: a parent implied by a listed child
 * is left out (OAI-PMH 2.0 section 2.7.2: "the header for an item organized in set
 * institution:florida should not include setSpec institution").
 */
export function toMinimalSetSpecs(specs: readonly string[]): string[] {
  return specs.filter((s) => !specs.some((o) => o.length > s.length && o.startsWith(s + ':'))).sort();
}

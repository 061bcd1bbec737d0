/**
 * Encoding an xmlbuilder2 tree once, at the edge (STYLE.md 4): as a standalone document
 * with an XML declaration, or as a fragment for embedding in an OAI-PMH response.
 */
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';

/** The element as a UTF-8 XML document with a declaration, or as a bare fragment. */
export function toXmlString(root: XMLBuilder, fragment: boolean, pretty = true): string {
  if (fragment) return root.toString({ prettyPrint: pretty });
  return root.end({ prettyPrint: pretty, headless: false });
}

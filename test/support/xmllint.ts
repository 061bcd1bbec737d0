/**
 * Validate XML against the official schemas with xmllint, offline through the catalog in
 * test/fixtures/xsd/catalog.xml.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures');
export const XSD = {
  oaiPmh: resolve(FIXTURES, 'xsd/oai-pmh-bundle.xsd'),
  oaiDc: resolve(FIXTURES, 'xsd/oai/oai_dc.xsd'),
  oaiIdentifier: resolve(FIXTURES, 'xsd/oai/oai-identifier.xsd'),
  provenance: resolve(FIXTURES, 'xsd/oai/provenance.xsd'),
  datacite46: resolve(FIXTURES, 'xsd/datacite/kernel-4.6/metadata.xsd'),
  datacite47: resolve(FIXTURES, 'xsd/datacite/kernel-4.7/metadata.xsd'),
  marc21: resolve(FIXTURES, 'xsd/marc/MARC21slim.xsd'),
  openaire: resolve(FIXTURES, 'xsd/openaire/4.0/openaire.xsd'),
  simpleDc: resolve(FIXTURES, 'xsd/dc/simpledc20021212.xsd'),
};

export function xmllintAvailable(): boolean {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Returns xmllint's complaints, or [] when the document is valid against the schema. */
export function validateXml(xml: string | Buffer, xsdPath: string): string[] {
  const res = spawnSync('xmllint', ['--nonet', '--noout', '--schema', xsdPath, '-'], {
    input: xml,
    env: { ...process.env, XML_CATALOG_FILES: resolve(FIXTURES, 'xsd/catalog.xml') },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error) throw new Error(`xmllint could not run: ${res.error.message} (install libxml2-utils)`);
  if (res.status === 0) return [];
  return res.stderr
    .toString()
    .split('\n')
    .filter((l) => l && !l.includes('validates') && !/Skipping import/.test(l));
}

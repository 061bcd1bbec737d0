/**
 * GRANARY_ADMIN_EMAIL feeds OAI-PMH Identify's adminEmail, whose schema type (emailType in
 * OAI-PMH.xsd) is the pattern \S+@(\S+\.)+\S+. The default used to be admin@localhost,
 * which made Identify invalid on every fresh install.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openTestGranary } from '../support/granary.ts';
import { validateXml, XSD } from '../support/xmllint.ts';

const base = { GRANARY_DATA_DIR: '/tmp/granary-config-test', GRANARY_SECRET: 'test-secret-0123456789abcdef' };

describe('GRANARY_ADMIN_EMAIL', () => {
  it('defaults to an address in the repository identifier, which has a dot', () => {
    expect(loadConfig({ ...base, GRANARY_BASE_URL: 'http://localhost:8080' }).oai.adminEmails).toEqual(['admin@granary.localhost']);
    expect(loadConfig({ ...base, GRANARY_BASE_URL: 'https://repo.example.org' }).oai.adminEmails).toEqual(['admin@repo.example.org']);
  });

  it('refuses an address OAI-PMH.xsd would refuse, naming the variable', () => {
    expect(() => loadConfig({ ...base, GRANARY_ADMIN_EMAIL: 'admin@localhost' })).toThrow(/GRANARY_ADMIN_EMAIL="admin@localhost" is not valid/);
    expect(loadConfig({ ...base, GRANARY_ADMIN_EMAIL: 'a@b.org, c@d.example.org' }).oai.adminEmails).toEqual(['a@b.org', 'c@d.example.org']);
  });

  it('gives a schema-valid Identify with the defaults', async () => {
    const g = await openTestGranary('pglite', { GRANARY_BASE_URL: 'http://localhost:8080' });
    try {
      const xml = await (await g.app.request('/oai?verb=Identify')).text();
      expect(xml).toContain('<adminEmail>admin@granary.localhost</adminEmail>');
      expect(validateXml(xml, XSD.oaiPmh)).toEqual([]);
    } finally {
      await g.close();
    }
  });
});

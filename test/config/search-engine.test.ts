/**
 * SEARCH_ENGINE: postgres is the only engine written. OpenSearch and Elasticsearch are
 * refused at startup, naming the variable, instead of being accepted and quietly served by
 * PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

const base = { GRANARY_DATA_DIR: '/tmp/granary-config-test', GRANARY_SECRET: 'test-secret-0123456789abcdef' };

describe('SEARCH_ENGINE', () => {
  it('defaults to postgres', () => {
    expect(loadConfig(base).searchEngine).toBe('postgres');
    expect(loadConfig({ ...base, SEARCH_ENGINE: 'postgres' }).searchEngine).toBe('postgres');
  });

  it.each(['opensearch', 'elasticsearch'])('refuses %s, which has no engine yet, even with a SEARCH_URL', (engine) => {
    expect(() => loadConfig({ ...base, SEARCH_ENGINE: engine, SEARCH_URL: 'http://127.0.0.1:9200' })).toThrow(
      new RegExp(`^SEARCH_ENGINE="${engine}" is not valid: expected postgres \\(the only engine in this version; an ${engine} engine is not written yet\\)`),
    );
  });

  it('refuses an unknown engine and a SEARCH_URL that is not http(s)', () => {
    expect(() => loadConfig({ ...base, SEARCH_ENGINE: 'solr' })).toThrow(/^SEARCH_ENGINE="solr" is not valid: expected postgres/);
    expect(() => loadConfig({ ...base, SEARCH_URL: 'ftp://x' })).toThrow(/^SEARCH_URL=/);
  });
});

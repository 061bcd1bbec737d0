import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseOaiResponse, toListRecordsPage } from '../../harvesters/oai-pmh/response.ts';

function listRecordsPage(n: number, token: string): string {
  const records = Array.from(
    { length: n },
    (_, i) =>
      `<record><header><identifier>oai:x:${i}</identifier><datestamp>2024-01-01</datestamp></header><metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>A title long enough to be a slice of the page ${i}</dc:title></oai_dc:dc></metadata></record>`,
  );
  return `<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-02T00:00:00Z</responseDate><ListRecords>${records.join('\n')}<resumptionToken completeListSize="9999" cursor="0">${token}</resumptionToken></ListRecords></OAI-PMH>`;
}

describe('toListRecordsPage', () => {
  it('reports records whose header lacks an identifier or a UTC datestamp, by their place on the page', () => {
    const rec = (header: string) => `<record>${header}<metadata><x/></metadata></record>`;
    const xml =
      `<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-01T00:00:00Z</responseDate><request>http://x/oai</request><ListRecords>` +
      rec('') +
      rec('<header><datestamp>2024-01-01</datestamp></header>') +
      rec('<header><identifier> </identifier><datestamp>2024-01-01</datestamp></header>') +
      rec('<header><identifier>oai:x:4</identifier></header>') +
      rec('<header><identifier>oai:x:5</identifier><datestamp>banana</datestamp></header>') +
      rec('<header><identifier>oai:x:6</identifier><datestamp>2024-01-01T00:00:00Z</datestamp><setSpec>a</setSpec></header>') +
      `</ListRecords></OAI-PMH>`;
    const page = toListRecordsPage(parseOaiResponse(xml));
    expect(page.records.map((r) => [r.identifier, r.datestamp, r.problem])).toEqual([
      ['(record 1 of the page, without an identifier)', '', 'the record has no <header>'],
      ['(record 2 of the page, without an identifier)', '', 'the header has no <identifier>'],
      ['(record 3 of the page, without an identifier)', '', 'the header has no <identifier>'],
      ['oai:x:4', '', 'the header\'s datestamp "" is not a UTC datestamp (OAI-PMH 3.3)'],
      ['oai:x:5', '', 'the header\'s datestamp "banana" is not a UTC datestamp (OAI-PMH 3.3)'],
      ['oai:x:6', '2024-01-01T00:00:00Z', undefined],
    ]);
  });

  it('reads the records and the resumption token', () => {
    const page = toListRecordsPage(parseOaiResponse(listRecordsPage(3, ' tok-1 ')));
    expect(page.records.map((r) => [r.identifier, r.datestamp])).toEqual([
      ['oai:x:0', '2024-01-01'],
      ['oai:x:1', '2024-01-01'],
      ['oai:x:2', '2024-01-01'],
    ]);
    expect(page.token).toEqual({ value: 'tok-1', completeListSize: 9999, cursor: 0 });
  });

  it('gives a token that does not keep its page in memory (the harvester remembers every token of a list)', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const tokens: string[] = [];
    toListRecordsPage(parseOaiResponse(listRecordsPage(7000, 'warm-up'))); // compiled code is not what is measured
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 20; i++) {
      // ~1.5 MB of text per page (2 bytes a character): pinned by their tokens, 20 pages hold ~55 MB.
      const page = toListRecordsPage(parseOaiResponse(listRecordsPage(7000, `token-${i}-${'x'.repeat(40)}`)));
      tokens.push(page.token!.value);
    }
    gc();
    expect(tokens).toHaveLength(20);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(15 * 2 ** 20);
  });
});

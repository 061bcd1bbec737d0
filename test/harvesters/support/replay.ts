/**
 * Replaying recorded OAI-PMH responses: Identify, then a ListRecords sequence whose
 * resumption tokens lead from one recorded page to the next. A recording that stops at a
 * page which still carries a token (the next page was never recorded) is served with an
 * empty token instead, so that the list ends where the recording ends.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Handler } from './http-server.ts';

export const OAI_FIXTURES = join(import.meta.dirname, '../../fixtures/oai-responses');

export function readFixture(path: string): string {
  return readFileSync(join(OAI_FIXTURES, path), 'utf8');
}

/** A minimal Identify for recordings that have none (OAI-PMH 4.2). */
export function toIdentifyXml(granularity = 'YYYY-MM-DDThh:mm:ssZ', responseDate = '2024-05-01T10:00:00Z'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>${responseDate}</responseDate><request verb="Identify">http://example.org/oai</request>
<Identify><repositoryName>Replay</repositoryName><baseURL>http://example.org/oai</baseURL><protocolVersion>2.0</protocolVersion>
<adminEmail>a@example.org</adminEmail><earliestDatestamp>2000-01-01T00:00:00Z</earliestDatestamp><deletedRecord>persistent</deletedRecord>
<granularity>${granularity}</granularity></Identify></OAI-PMH>`;
}

const TOKEN = /<resumptionToken([^>]*)>([^<]+)<\/resumptionToken>/;

export function toTokenValue(page: string): string | undefined {
  return TOKEN.exec(page)?.[2].trim().replace(/&amp;/g, '&');
}

/** The pages as served: the last one's token (if any) emptied. */
export function toServedPages(pages: string[]): string[] {
  return pages.map((p, i) => (i === pages.length - 1 ? p.replace(TOKEN, '<resumptionToken$1/>') : p));
}

export function createReplayHandler(identify: string, pages: string[]): Handler {
  const served = toServedPages(pages);
  return (_req, res, url) => {
    const verb = url.searchParams.get('verb');
    const token = url.searchParams.get('resumptionToken');
    let body: string | undefined;
    if (verb === 'Identify') body = identify;
    else if (verb === 'ListRecords' && !token) body = served[0];
    else if (verb === 'ListRecords') {
      const i = served.findIndex((p) => toTokenValue(p) === token);
      body = i >= 0 ? served[i + 1] : undefined;
    }
    if (!body) {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end(`<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-05-01T10:00:00Z</responseDate><request>x</request><error code="badResumptionToken">unknown</error></OAI-PMH>`);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
    res.end(body);
  };
}

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonLines } from '../../src/cli/import.ts';

async function read(chunks: (string | Buffer)[]) {
  const out: unknown[] = [];
  for await (const chunk of jsonLines(Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))), 'in')) out.push(...chunk);
  return out;
}

describe('import: JSON Lines reader', () => {
  it('numbers lines ending in LF, CRLF or a lone CR, skipping blank ones', async () => {
    const items = await read(['{"a":1}\r\n\n{"a":2}\r{"a":3}\n', '  \n{"a":4}']);
    expect(items).toEqual([
      { position: 'in:1', input: { a: 1 } },
      { position: 'in:3', input: { a: 2 } },
      { position: 'in:4', input: { a: 3 } },
      { position: 'in:6', input: { a: 4 } },
    ]);
  });

  it('joins lines, CRLFs and multi-byte characters split between chunks', async () => {
    const bytes = Buffer.from('{"t":"Zürich ☃"}\r\n{"t":"x"}\n');
    const crlf = bytes.indexOf('\r\n');
    const snowman = bytes.indexOf(Buffer.from('☃'));
    const items = await read([bytes.subarray(0, snowman + 1), bytes.subarray(snowman + 1, crlf + 1), bytes.subarray(crlf + 1)]);
    expect(items).toEqual([
      { position: 'in:1', input: { t: 'Zürich ☃' } },
      { position: 'in:2', input: { t: 'x' } },
    ]);
  });

  it('rejects a line that is not a JSON object, naming it', async () => {
    const items = await read(['{"a":1}\n[1]\n{oops\n']);
    expect(items).toEqual([
      { position: 'in:1', input: { a: 1 } },
      { position: 'in:2', errors: [{ pointer: '', message: 'expected a JSON object on this line' }] },
      { position: 'in:3', errors: [{ pointer: '', message: expect.stringMatching(/^invalid JSON: /) }] },
    ]);
  });

  it('skips a UTF-8 byte order mark before the first line, and only there', async () => {
    const items = await read([Buffer.from([0xef, 0xbb, 0xbf]), '{"a":1}\n\uFEFF{"a":2}\n']);
    expect(items[0]).toEqual({ position: 'in:1', input: { a: 1 } });
    expect(items[1]).toMatchObject({ position: 'in:2', errors: [{ message: expect.stringMatching(/^invalid JSON/) }] });
  });

  it('reads a line spread over many chunks, and a CRLF between them', async () => {
    const long = JSON.stringify({ t: 'x'.repeat(200_000) });
    const text = `${long}\r\n{"a":2}\n`;
    const chunks = [];
    for (let i = 0; i < text.length; i += 997) chunks.push(text.slice(i, i + 997));
    const items = await read(chunks);
    expect(items).toEqual([
      { position: 'in:1', input: { t: 'x'.repeat(200_000) } },
      { position: 'in:2', input: { a: 2 } },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { BadRequest } from '../../src/errors.ts';
import { parseQuery } from '../../src/search/query-parser.ts';

const text = (value: string, field: string | null = null, phrase = false) => ({ type: 'text', field, value, phrase });

function errorOf(q: string): BadRequest {
  try {
    parseQuery(q);
  } catch (err) {
    if (err instanceof BadRequest) return err;
    throw err;
  }
  throw new Error(`parseQuery(${JSON.stringify(q)}) did not throw`);
}

describe('parseQuery', () => {
  it('parses nothing, or nothing searchable, as match-all', () => {
    expect(parseQuery(undefined)).toEqual({ type: 'all' });
    expect(parseQuery('   ')).toEqual({ type: 'all' });
    expect(parseQuery('-- ; &')).toEqual({ type: 'all' });
  });

  it('parses words and phrases, ANDing neighbours', () => {
    expect(parseQuery('sea "level rise"')).toEqual({ type: 'and', children: [text('sea'), text('level rise', null, true)] });
  });

  it('parses fields, case-insensitively, and field groups', () => {
    expect(parseQuery('Title:ocean')).toEqual(text('ocean', 'title'));
    expect(parseQuery('creator:"Smith, J"')).toEqual(text('Smith, J', 'creator', true));
    expect(parseQuery('type:Dataset')).toEqual({ type: 'term', field: 'type', value: 'Dataset' });
    expect(parseQuery('doi:https://doi.org/10.1234/ABC')).toEqual({ type: 'term', field: 'doi', value: '10.1234/abc' });
    expect(parseQuery('subject:(ice OR snow)')).toEqual({ type: 'or', children: [text('ice', 'subject'), text('snow', 'subject')] });
  });

  it('gives NOT precedence over AND, and AND over OR', () => {
    expect(parseQuery('a OR b AND NOT c')).toEqual({
      type: 'or',
      children: [text('a'), { type: 'and', children: [text('b'), { type: 'not', child: text('c') }] }],
    });
    expect(parseQuery('(a OR b) -c')).toEqual({
      type: 'and',
      children: [{ type: 'or', children: [text('a'), text('b')] }, { type: 'not', child: text('c') }],
    });
  });

  it('reads ! before a term as NOT, as Lucene does, and a run of negations as one or none', () => {
    expect(parseQuery('!ocean ice')).toEqual({ type: 'and', children: [{ type: 'not', child: text('ocean') }, text('ice')] });
    expect(parseQuery('! ocean')).toEqual({ type: 'not', child: text('ocean') });
    expect(parseQuery('NOT -!ocean')).toEqual({ type: 'not', child: text('ocean') });
    expect(parseQuery('NOT NOT ocean')).toEqual(text('ocean'));
  });

  it('treats lower-case and/or/not as words', () => {
    expect(parseQuery('salt and pepper')).toEqual({ type: 'and', children: [text('salt'), text('and'), text('pepper')] });
  });

  it('parses inclusive, exclusive and open ranges', () => {
    expect(parseQuery('year:[2000 TO 2010]')).toEqual({ type: 'range', field: 'year', from: { value: 2000, inclusive: true }, to: { value: 2010, inclusive: true } });
    expect(parseQuery('year:{2000 TO *]')).toEqual({ type: 'range', field: 'year', from: { value: 2000, inclusive: false }, to: null });
  });

  it('reads a stray quote, a colon before a space and a URL as text', () => {
    expect(parseQuery('"sea level')).toEqual({ type: 'and', children: [text('sea'), text('level')] });
    expect(parseQuery('Re: ice')).toEqual({ type: 'and', children: [text('Re:'), text('ice')] });
    expect(parseQuery('https://example.org/x')).toEqual(text('https://example.org/x'));
  });

  it('keeps SQL-looking input as plain words', () => {
    expect(parseQuery(`'; DROP TABLE records; --`)).toEqual({ type: 'and', children: [text('DROP'), text('TABLE'), text('records;')] });
  });

  it.each([
    ['(ice', 0, 'never closed'],
    ['ice)', 3, 'no matching'],
    ['AND', 0, 'AND needs a term'],
    ['ice AND', 4, 'AND needs a term'],
    ['ice OR OR snow', 4, 'OR needs a term'],
    ['NOT', 0, 'NOT needs a term'],
    ['()', 0, 'empty parentheses'],
    ['colour:red', 0, 'unknown field "colour"; the fields are title, creator'],
    ['title:[a TO b]', 0, 'ranges are allowed on year only'],
    ['year:recent', 5, 'year takes a whole number'],
    ['year:[2000 TO', 5, 'never closed'],
    ['year:[2000 2010]', 5, 'a range is written'],
    ['ice title:)', 4, 'title: needs a value'],
  ])('rejects %j at offset %i', (q, offset, what) => {
    const err = errorOf(q);
    expect(err.message).toContain(`at offset ${offset}:`);
    expect(err.message).toContain(what);
    expect(err.details).toEqual([{ pointer: '/q', message: err.message }]);
  });

  it('bounds query length and nesting', () => {
    expect(errorOf('a'.repeat(2001)).message).toContain('at most 2000 characters');
    expect(errorOf('('.repeat(30) + 'a' + ')'.repeat(30)).message).toContain('nest at most');
  });
});

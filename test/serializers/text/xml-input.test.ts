import { describe, expect, it } from 'vitest';
import { parseXmlElement, textContent } from '../../../serializers/text/xml-input.ts';

describe('textContent (loaders)', () => {
  it('trims and collapses whitespace exactly as replace(/\\s+/g, " ").trim() does, with or without its fast path', () => {
    const samples = ['plain', 'one space', ' edges ', 'two  spaces', 'tab\there', 'line\nbreak', 'nbsp\u00a0here', '\u2003em space', '   ', 'a \n b', 'ideographic\u3000space', 'trailing\n'];
    for (const s of samples) {
      const el = parseXmlElement(`<t>${s}</t>`);
      expect(textContent(el), JSON.stringify(s)).toBe(s.replace(/\s+/g, ' ').trim());
    }
  });
});

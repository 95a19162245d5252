import fc from 'fast-check';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { LABEL_PATTERN, SINGLE_LINE_PATTERN, TEXT_PATTERN } from './patterns.ts';

// Checked the way requests are: through TypeBox's compiled validator.
const matches = (pattern: string) => {
  const check = Compile(Type.String({ pattern }));
  return (value: string) => check.Check(value);
};
const label = matches(LABEL_PATTERN);
const text = matches(TEXT_PATTERN);
const singleLine = matches(SINGLE_LINE_PATTERN);

const controls = [...Array(32).keys(), ...Array.from({ length: 33 }, (_, i) => 0x7f + i), 0x2028, 0x2029].map((c) =>
  String.fromCharCode(c),
);
const control = fc.constantFrom(...controls);
const printable = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !controls.some((c) => s.includes(c)));

describe('string patterns', () => {
  it('refuse a control character anywhere in a label or a single line', () => {
    fc.assert(
      fc.property(printable, control, printable, (before, bad, after) => {
        expect(label(`x${before}${bad}${after}`)).toBe(false);
        expect(singleLine(`${before}${bad}${after}`)).toBe(false);
      }),
    );
  });

  it('accept any printable label with a non-space character, and refuse blank ones', () => {
    fc.assert(
      fc.property(printable, printable, (before, after) => {
        expect(label(`${before}x${after}`)).toBe(true);
        expect(text(`${before}x\n${after}\t`)).toBe(true);
      }),
    );
    for (const blank of ['', ' ', '   ', '\u00a0', '\u3000']) expect([blank, label(blank)]).toEqual([blank, false]);
    for (const blank of ['', ' \n\t ', '\r\n']) expect([blank, text(blank)]).toEqual([blank, false]);
  });

  it('let text hold tabs and line breaks but no other control character', () => {
    expect(text('line one\r\nline two\tend')).toBe(true);
    for (const bad of ['\u0000', '\u0007', '\u000b', '\u001b', '\u007f', '\u0085']) {
      expect([bad, text(`note ${bad}`)]).toEqual([bad, false]);
    }
  });
});

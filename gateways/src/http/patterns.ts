// String patterns of the API's schemas, each with the reason a 400 gives when a value misses
// it: a client reads "must contain a non-space character", not the regular expression.

// C0 and C1 control characters and the Unicode line separators.
const CONTROLS = '\\x00-\\x1F\\x7F-\\x9F\\u2028\\u2029';
// The same, but tab, line feed and carriage return are fine in text a person writes.
const TEXT_CONTROLS = '\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F';
// At least one character that is not white space, anywhere in the value.
const NOT_BLANK = '(?=[\\s\\S]*\\S)';

/** An identifier: a letter or digit, then letters, digits and `_ . : -`. */
export const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:-]*$';
/** One line of text that is not blank: labels, tags, carriers, names. */
export const LABEL_PATTERN = `^${NOT_BLANK}[^${CONTROLS}]*$`;
/** Text a person writes (reasons, notes): not blank, line breaks allowed, no other control characters. */
export const TEXT_PATTERN = `^${NOT_BLANK}[^${TEXT_CONTROLS}]*$`;
/** One line of text, possibly empty (optional address lines, phone numbers). */
export const SINGLE_LINE_PATTERN = `^[^${CONTROLS}]*$`;
/** ISO 4217 currency code. */
export const CURRENCY_PATTERN = '^[A-Z]{3}$';
/** ISO 3166-1 alpha-2 country code. */
export const COUNTRY_PATTERN = '^[A-Z]{2}$';

/** What a value that does not match each pattern is told. */
export const PATTERN_REASONS: ReadonlyMap<string, string> = new Map([
  [ID_PATTERN, 'must start with a letter or digit and hold only letters, digits and _ . : -'],
  [LABEL_PATTERN, 'must contain a non-space character and no control characters or line breaks'],
  [TEXT_PATTERN, 'must contain a non-space character and no control characters but tab and line breaks'],
  [SINGLE_LINE_PATTERN, 'must not contain control characters or line breaks'],
  [CURRENCY_PATTERN, 'must be an ISO 4217 currency code (three capital letters)'],
  [COUNTRY_PATTERN, 'must be an ISO 3166-1 alpha-2 country code (two capital letters)'],
]);

/** What a value that is not in a format is told. */
export const FORMAT_REASONS: ReadonlyMap<string, string> = new Map([
  ['date-time', 'must be an ISO 8601 date-time with a time zone, e.g. 2025-03-01T12:00:00Z'],
]);

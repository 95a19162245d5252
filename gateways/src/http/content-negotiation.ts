import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './errors.ts';

const UNSUPPORTED = 'request.unsupported-media-type';

/** The `charset` parameter of a content type, lower case and unquoted; undefined when absent. */
export function charsetOf(contentType: string): string | undefined {
  for (const parameter of contentType.split(';').slice(1)) {
    const [name = '', value = ''] = parameter.split('=', 2).map((part) => part.trim());
    if (name.toLowerCase() === 'charset') return value.replace(/^"(.*)"$/, '$1').toLowerCase();
  }
  return undefined;
}

/**
 * Why the API cannot read the request's body as sent, as a 415; undefined when it can. Bodies
 * are read as UTF-8 JSON and never decompressed, so another charset would be misread and a
 * compressed body would be parsed as bytes of garbage: both are refused before anything is read.
 */
export function unreadableBody(headers: IncomingHttpHeaders): ApiError | undefined {
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    const message = `content-encoding ${encoding} is not supported: send the body uncompressed`;
    // RFC 7694: a 415 for a content coding names the codings the server accepts.
    const details = { header: 'content-encoding', value: encoding, supported: ['identity'] };
    return new ApiError(415, UNSUPPORTED, message, details, { 'accept-encoding': 'identity' });
  }
  const contentType = headers['content-type'];
  const charset = contentType === undefined ? undefined : charsetOf(contentType);
  if (charset !== undefined && charset !== 'utf-8') {
    const message = `charset ${charset} is not supported: send JSON in UTF-8`;
    return new ApiError(415, UNSUPPORTED, message, {
      header: 'content-type',
      value: contentType,
      supported: ['utf-8'],
    });
  }
  return undefined;
}

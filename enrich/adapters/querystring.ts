// Query strings decoded as Apache URLEncodedUtils does for Enrich: `+` is a space, %XX are UTF-8 bytes, a `%`
// not followed by two hex digits stays literal. Bytes that are not valid UTF-8 are an error naming the parameter
// (Enrich would substitute U+FFFD silently; a bad row keeps the evidence).

import type { ParameterError } from '../pipeline/map-parameters.ts';

export type Parameters = Record<string, string>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isHex(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/** Decodes one query-string component; returns null when its bytes are not valid UTF-8. */
export function decodeComponent(raw: string): string | null {
  if (raw.indexOf('%') === -1) return raw.indexOf('+') === -1 ? raw : raw.replace(/\+/g, ' ');
  const plusDecoded = raw.indexOf('+') === -1 ? raw : raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plusDecoded);
  } catch {
    // Either a lone `%` (kept literally) or bytes that are not UTF-8 (an error): decode byte by byte to tell.
  }
  const bytes: number[] = [];
  for (let index = 0; index < plusDecoded.length; index++) {
    const code = plusDecoded.charCodeAt(index);
    if (code === 37 && index + 2 < plusDecoded.length && isHex(plusDecoded.charCodeAt(index + 1)) && isHex(plusDecoded.charCodeAt(index + 2))) {
      bytes.push(parseInt(plusDecoded.slice(index + 1, index + 3), 16));
      index += 2;
    } else {
      for (const byte of Buffer.from(plusDecoded[index]!, 'utf8')) bytes.push(byte);
    }
  }
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
}

/**
 * Splits and decodes a raw query string. The last of repeated names wins. Parameters whose value cannot be
 * decoded are left out and reported in `errors`, so the event they belong to becomes a bad row.
 */
export function parseQuerystring(querystring: string, errors: ParameterError[]): Parameters {
  const parameters: Parameters = Object.create(null) as Parameters;
  if (querystring === '') return parameters;
  let start = 0;
  // The first `=` at or after `start`, found again only once passed, so pairs without `=` cost no rescans.
  let nextEquals = querystring.indexOf('=');
  while (start <= querystring.length) {
    let end = querystring.indexOf('&', start);
    if (end === -1) end = querystring.length;
    if (end > start) {
      // Name and value are sliced straight from the query string (no intermediate slice of the pair).
      if (nextEquals !== -1 && nextEquals < start) nextEquals = querystring.indexOf('=', start);
      const equals = nextEquals !== -1 && nextEquals < end ? nextEquals : -1;
      const rawName = equals === -1 ? querystring.slice(start, end) : querystring.slice(start, equals);
      const rawValue = equals === -1 ? '' : querystring.slice(equals + 1, end);
      const name = decodeComponent(rawName);
      const value = decodeComponent(rawValue);
      if (name === null) errors.push({ field: rawName, value: rawValue, error: 'parameter name is not valid UTF-8 once %-decoded' });
      else if (value === null) errors.push({ field: name, value: rawValue, error: 'value is not valid UTF-8 once %-decoded' });
      else if (name !== '') parameters[name] = value;
    }
    start = end + 1;
  }
  return parameters;
}

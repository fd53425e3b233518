import { describe, expect, it } from 'vitest';
import type { ParameterError } from '../pipeline/map-parameters.ts';
import { parseQuerystring } from './querystring.ts';

function parse(querystring: string): { parameters: Record<string, string>; errors: ParameterError[] } {
  const errors: ParameterError[] = [];
  return { parameters: { ...parseQuerystring(querystring, errors) }, errors };
}

describe('query-string parsing', () => {
  it('splits pairs, keeps a name without = as empty, ignores empty pairs, and the last repeated name wins', () => {
    expect(parse('a&b=1&&c&b=2&d=x=y&=v').parameters).toEqual({ a: '', b: '2', c: '', d: 'x=y' });
  });

  it('decodes + and %XX as UTF-8, keeps a lone % literally, and reports bytes that are not UTF-8', () => {
    expect(parse('q=snow+boots&u=https%3A%2F%2Fa.example%2F%C3%A9&p=100%&n%61me=1').parameters).toEqual({ q: 'snow boots', u: 'https://a.example/é', p: '100%', name: '1' });
    const { parameters, errors } = parse('ok=1&bad=%FF%FE');
    expect(parameters).toEqual({ ok: '1' });
    expect(errors).toEqual([{ field: 'bad', value: '%FF%FE', error: 'value is not valid UTF-8 once %-decoded' }]);
  });

  it('keeps every name of a long run without = and still finds the = after it', () => {
    const names = Array.from({ length: 20_000 }, (_, index) => `n${index}`);
    const { parameters } = parse(`${names.join('&')}&last=1`);
    expect(Object.keys(parameters)).toHaveLength(20_001);
    expect(parameters.last).toBe('1');
    expect(parameters.n0).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { deriveEventId, uuidV5 } from './event-id.ts';

// RFC 9562 appendix A.4: UUID v5 of "www.example.com" in the DNS namespace.
const DNS_NAMESPACE = Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex');

describe('derived event ids', () => {
  it('computes UUID v5 as RFC 9562 does', () => {
    expect(uuidV5(DNS_NAMESPACE, 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('gives the same id for the same raw record and position, and a different one otherwise', () => {
    const id = deriveEventId('1b4e28ba-2fa1-11d2-883f-0016d3cca427', 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deriveEventId('1b4e28ba-2fa1-11d2-883f-0016d3cca427', 0)).toBe(id);
    expect(deriveEventId('1b4e28ba-2fa1-11d2-883f-0016d3cca427', 1)).not.toBe(id);
    expect(deriveEventId('1b4e28ba-2fa1-11d2-883f-0016d3cca428', 0)).not.toBe(id);
  });
});

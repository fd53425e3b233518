import { describe, expect, it } from 'vitest';
import { ConversionError, toUuid } from './conversions.ts';

describe('UUID parameters', () => {
  it('accepts 8-4-4-4-12 hex digits in either case and writes them in lower case', () => {
    expect(toUuid('3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toBe('3f2504e0-4f89-11d3-9a0c-0305e82c3301');
    expect(toUuid('be9520e7-16a5-4d4e-afa1-8e269f99a1cf')).toBe('be9520e7-16a5-4d4e-afa1-8e269f99a1cf');
  });

  it('refuses anything else', () => {
    for (const value of [
      '',
      'be9520e7-16a5-4d4e-afa1-8e269f99a1c',
      'be9520e7-16a5-4d4e-afa1-8e269f99a1cff',
      'be9520e716a5-4d4e-afa1-8e269f99a1cf-',
      'ge9520e7-16a5-4d4e-afa1-8e269f99a1cf',
      'be9520e7_16a5-4d4e-afa1-8e269f99a1cf',
      'be9520e7-16a5-4d4e-afa1-8e269f99a1c\n',
      '{be9520e7-16a5-4d4e-afa1-8e269f99a1}',
    ]) {
      expect(toUuid(value)).toBeInstanceOf(ConversionError);
    }
  });
});

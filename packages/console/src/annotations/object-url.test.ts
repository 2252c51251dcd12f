import { describe, expect, it } from 'vitest';
import { objectUrl } from './object-url.js';

describe('objectUrl', () => {
  it('maps OBS locations to path-style object API addresses', () => {
    expect(objectUrl('obs://ds-bucket/voc/street 1.jpg')).toBe('/ds-bucket/voc/street%201.jpg');
    expect(objectUrl('s3://b/a/b#c.png')).toBe('/b/a/b%23c.png');
    expect(objectUrl('/b/k.jpg')).toBe('/b/k.jpg');
    expect(objectUrl('obs://bucket-only')).toBeUndefined();
    expect(objectUrl('https://elsewhere/x.jpg')).toBeUndefined();
  });
});

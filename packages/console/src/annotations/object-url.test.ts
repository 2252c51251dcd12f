import { describe, expect, it } from 'vitest';
import { sampleImageUrl } from './object-url.js';

describe('sampleImageUrl', () => {
  it('maps OBS locations to path-style object API addresses', () => {
    expect(sampleImageUrl('obs://ds-bucket/voc/street 1.jpg')).toBe('/ds-bucket/voc/street%201.jpg');
    expect(sampleImageUrl('s3://b/a/b#c.png')).toBe('/b/a/b%23c.png');
    expect(sampleImageUrl('/b/k.jpg')).toBe('/b/k.jpg');
    expect(sampleImageUrl('obs://bucket-only')).toBeUndefined();
    expect(sampleImageUrl('https://elsewhere/x.jpg')).toBeUndefined();
  });
});

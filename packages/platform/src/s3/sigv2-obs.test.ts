import { describe, expect, it } from 'vitest';
import { HeaderMap } from './headers.js';
import { parseV2Header, v2Signature, v2StringToSign } from './sigv2-obs.js';
import { parseTarget } from './uri.js';

// Examples computed outside this code, with the OBS documentation's rule: base64(HMAC-SHA1(SK, string to sign)).
const SK = 'EXAMPLESK0000000000000000000000000000000';

describe('SigV2 / OBS signatures (known vectors)', () => {
  it('signs the plain GET example', () => {
    const t = parseTarget('/bucket/object.txt');
    const sts = v2StringToSign({ method: 'GET', rawPath: t.rawPath, query: t.query, headers: new HeaderMap([]) }, 'obs', 'Sat, 12 Oct 2015 08:12:38 GMT');
    expect(sts).toBe('GET\n\n\nSat, 12 Oct 2015 08:12:38 GMT\n/bucket/object.txt');
    expect(v2Signature(SK, sts)).toBe('eSHtMT9/hMObpD0XrboOefrC70c=');
  });

  it('signs the OBS UploadPart example with x-obs-date and sub-resources', () => {
    const t = parseTarget('/bucket/dir1/file1.txt?uploadId=ABC&partNumber=1&x-id=UploadPart');
    const headers = new HeaderMap(['Content-Type', 'text/plain', 'x-obs-date', 'Tue, 02 Jan 2024 03:04:05 GMT', 'x-amz-meta-ignored', 'v']);
    const sts = v2StringToSign({ method: 'PUT', rawPath: t.rawPath, query: t.query, headers }, 'obs', '');
    expect(sts).toBe('PUT\n\ntext/plain\n\nx-obs-date:Tue, 02 Jan 2024 03:04:05 GMT\n/bucket/dir1/file1.txt?partNumber=1&uploadId=ABC');
    expect(v2Signature(SK, sts)).toBe('OfqmBXVW9JYh1TOyumr2nhU/vtw=');
  });

  it('keeps valueless sub-resources bare and ignores listing parameters', () => {
    const t = parseTarget('/bucket1?delete&prefix=dir/&max-keys=100');
    const sts = v2StringToSign({ method: 'POST', rawPath: t.rawPath, query: t.query, headers: new HeaderMap(['Content-MD5', 'abc==']) }, 'aws', 'D');
    expect(sts).toBe('POST\nabc==\n\nD\n/bucket1?delete');
  });

  it('parses AWS and OBS authorization headers', () => {
    expect(parseV2Header('AWS AK1:c2ln')).toEqual({ dialect: 'aws', accessKey: 'AK1', signature: 'c2ln' });
    expect(parseV2Header('OBS AK2:c2ln')).toEqual({ dialect: 'obs', accessKey: 'AK2', signature: 'c2ln' });
    expect(parseV2Header('Bearer x')).toBeUndefined();
  });
});

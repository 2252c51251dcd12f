/** Headers whose values are credentials: never logged, never kept on errors. */
const SECRET_HEADERS = new Set(['authorization', 'x-auth-token', 'x-subject-token', 'x-security-token', 'proxy-authorization']);

export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? '<redacted>' : v;
  return out;
}

/** Query parameters that carry credentials (presigned URLs): their values are replaced. */
const SECRET_QUERY = /([?&](?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|Signature|AccessKeyId|token)=)[^&]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1<redacted>');
}

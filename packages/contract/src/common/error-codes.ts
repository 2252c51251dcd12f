/**
 * Every error code the platform emits, with its HTTP status and default message.
 * Codes and statuses are the cloud's where known (reference/rest-*.md); docs/errors.md mirrors this table.
 */
export const ERROR_CODES = {
  // API gateway (signature checks happen before the service sees the request)
  'APIGW.0301': { status: 401, message: 'Incorrect IAM authentication information: verify aksk signature fail' },
  'APIGW.0303': { status: 401, message: 'Incorrect app authentication information: the request time is out of the allowed window (15 min)' },
  'APIGW.0308': { status: 429, message: 'The throttling threshold has been reached' },
  // IAM (Keystone)
  'IAM.0001': { status: 401, message: 'The username or password is wrong' },
  'IAM.0002': { status: 400, message: 'The request body is invalid' },
  'IAM.0003': { status: 404, message: 'The project in the scope does not exist' },
  // ModelArts common
  'ModelArts.0010': { status: 500, message: 'Internal error' },
  'ModelArts.0101': { status: 400, message: 'Invalid argument' },
  'ModelArts.0104': { status: 400, message: 'Parameter error' },
  'ModelArts.0201': { status: 401, message: 'Authentication required: the request carries neither an AK/SK signature nor an X-Auth-Token' },
  'ModelArts.0202': { status: 401, message: 'The token has expired' },
  'ModelArts.0203': { status: 401, message: 'The token cannot be parsed or is not valid' },
  'ModelArts.0207': { status: 401, message: 'The token carries no project' },
  'ModelArts.0210': { status: 403, message: 'The project id in the URL is not the project of the caller' },
  'ModelArts.1120': { status: 400, message: 'Parameter verification failed' },
  'ModelArts.4104': { status: 413, message: 'The request body is larger than 12 MB' },
  'ModelArts.4204': { status: 404, message: 'The API does not exist' },
  'ModelArts.4206': { status: 429, message: 'Too many requests' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function errorStatus(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

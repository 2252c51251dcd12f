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
  // Training (reference §3.9): all HTTP 400
  'ModelArts.2751': { status: 400, message: 'A training job with this name already exists' },
  'ModelArts.2753': { status: 400, message: 'Invalid input or output channel' },
  'ModelArts.2754': { status: 400, message: 'More than one hosted output' },
  'ModelArts.2755': { status: 400, message: 'The algorithm does not exist' },
  'ModelArts.2757': { status: 400, message: 'Invalid code_dir' },
  'ModelArts.2758': { status: 400, message: 'Invalid boot file path' },
  'ModelArts.2763': { status: 400, message: 'Invalid flavor' },
  'ModelArts.2775': { status: 400, message: 'The training job does not exist' },
  'ModelArts.2776': { status: 400, message: 'The log is not ready yet' },
  'ModelArts.2777': { status: 400, message: 'The metrics are not ready yet' },
  'ModelArts.2780': { status: 400, message: 'The engine does not exist' },
  'ModelArts.2781': { status: 400, message: 'The flavor does not exist' },
  'ModelArts.2782': { status: 400, message: 'The dataset version does not exist' },
  'ModelArts.2783': { status: 400, message: 'The dataset does not exist' },
  'ModelArts.2787': { status: 400, message: 'Invalid JSON body' },
  'ModelArts.2788': { status: 400, message: 'Invalid parameter' },
  'ModelArts.2789': { status: 400, message: 'Unsupported filter' },
  'ModelArts.2790': { status: 400, message: 'Unsupported sort field' },
  'ModelArts.2791': { status: 400, message: 'Invalid OBS path' },
  'ModelArts.2793': { status: 400, message: 'The node count is above the flavor maximum' },
  'ModelArts.2806': { status: 400, message: 'A custom-image job needs both command and engine.image_url' },
  'ModelArts.2807': { status: 400, message: 'Unsupported search key' },
  'ModelArts.2808': { status: 400, message: 'Unsupported search operator' },
  'ModelArts.2809': { status: 400, message: 'Unsupported search value' },
  'ModelArts.2812': { status: 400, message: 'Unsupported action_type' },
  'ModelArts.2815': { status: 400, message: 'Quota exceeded' },
  // Data management (datasets): all HTTP 400 except where noted
  'ModelArts.4311': { status: 400, message: 'The OBS bucket does not exist' },
  'ModelArts.4312': { status: 400, message: 'The OBS path does not exist' },
  'ModelArts.4313': { status: 400, message: 'The OBS path contains invalid characters' },
  'ModelArts.4315': { status: 400, message: 'The OBS path contains //' },
  'ModelArts.4338': { status: 400, message: 'The sample or labeling task does not exist' },
  'ModelArts.4340': { status: 400, message: 'The import path has no valid file' },
  'ModelArts.4343': { status: 400, message: 'The dataset is being published: the operation is not allowed now' },
  'ModelArts.4351': { status: 400, message: 'A dataset with this name already exists' },
  'ModelArts.4352': { status: 400, message: 'The dataset does not exist' },
  'ModelArts.4353': { status: 400, message: 'The dataset version does not exist' },
  'ModelArts.4356': { status: 400, message: 'An import task of this dataset is already running' },
  'ModelArts.4358': { status: 400, message: 'Invalid export path' },
  'ModelArts.4359': { status: 400, message: 'The export task does not exist' },
  'ModelArts.4362': { status: 400, message: 'The import failed' },
  'ModelArts.4364': { status: 400, message: 'The work path is the input path or inside it' },
  'ModelArts.4370': { status: 400, message: 'At most one version can be published per minute' },
  'ModelArts.4371': { status: 400, message: 'A version with this name already exists' },
  'ModelArts.4384': { status: 400, message: 'Invalid export parameters' },
  'ModelArts.4396': { status: 400, message: 'Invalid import or dataset parameters' },
  'ModelArts.4400': { status: 400, message: 'The table schema cannot be read from the OBS CSV files' },
  'ModelArts.4104': { status: 413, message: 'The request body is larger than 12 MB' },
  'ModelArts.4204': { status: 404, message: 'The API does not exist' },
  'ModelArts.4206': { status: 429, message: 'Too many requests' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function errorStatus(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

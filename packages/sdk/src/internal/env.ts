/** Every environment variable the SDK reads, in one place. */
export const ENV = {
  /** Access key (AK) for SDK-HMAC-SHA256 signing. */
  AK: 'HUAWEICLOUD_SDK_AK',
  /** Secret key (SK). */
  SK: 'HUAWEICLOUD_SDK_SK',
  /** Security token of temporary AK/SK. */
  SECURITY_TOKEN: 'HUAWEICLOUD_SDK_SECURITY_TOKEN',
  /** Account (domain) name, for IAM-user password login. */
  ACCOUNT: 'HUAWEICLOUD_SDK_ACCOUNT',
  /** User name for password login (the account name for account login). */
  USERNAME: 'HUAWEICLOUD_SDK_USERNAME',
  /** Password for password login (the manual's examples read it from here). */
  PASSWORD: 'HUAWEICLOUD_SDK_PASSWORD',
  REGION: 'MODELARTS_REGION',
  PROJECT_ID: 'MODELARTS_PROJECT_ID',
  /** ModelArts endpoint override, e.g. a ModelArts Local URL. */
  ENDPOINT: 'MODELARTS_ENDPOINT',
  OBS_ENDPOINT: 'OBS_ENDPOINT',
  IAM_ENDPOINT: 'IAM_ENDPOINT',
  /** Profile name in the profile file (default `default`). */
  PROFILE: 'MODELARTS_PROFILE',
  /** Profile file path (default `~/.modelarts/config.json`). */
  CONFIG_FILE: 'MODELARTS_CONFIG_FILE',
  /** SDK log level: off, error, warn, info, debug. */
  LOG: 'MODELARTS_LOG',
  /** Base of the user's cache dir (default `~/.cache`): OBS transfer checkpoints live in `<it>/modelarts-ts/obs-checkpoints`. */
  XDG_CACHE_HOME: 'XDG_CACHE_HOME',
  /** ModelArts Local data dir (default `~/.local/share/modelarts-local`). */
  LOCAL_DATA_DIR: 'MODELARTS_LOCAL_DATA_DIR',
} as const;

export type Env = Readonly<Record<string, string | undefined>>;

// Just the part of Huawei's untyped esdk-obs-nodejs that the object-API tests use.
declare module 'esdk-obs-nodejs' {
  interface CommonMsg {
    Status: number;
    Code: string;
    Message: string;
    RequestId: string;
  }
  interface Result<T = Record<string, unknown>> {
    CommonMsg: CommonMsg;
    InterfaceResult: T;
  }
  type Params = Record<string, unknown>;
  export default class ObsClient {
    constructor(options: {
      access_key_id: string;
      secret_access_key: string;
      security_token?: string;
      server: string;
      path_style?: boolean;
      signature?: string;
    });
    createBucket(p: Params): Promise<Result>;
    putObject(p: Params): Promise<Result<{ ETag: string }>>;
    getObject(p: Params): Promise<Result<{ Content: string; Metadata: Record<string, string>; ContentType: string }>>;
    uploadFile(p: Params): Promise<Result<{ ETag: string; Key: string }>>;
    downloadFile(p: Params): Promise<Result>;
    listObjects(p: Params): Promise<
      Result<{
        Contents: Array<{ Key: string; Size: string; ETag: string }>;
        CommonPrefixes: Array<{ Prefix: string }>;
        IsTruncated: string;
        NextMarker: string;
      }>
    >;
    deleteObjects(p: Params): Promise<Result<{ Deleteds: Array<{ Key: string }>; Errors: Array<{ Key: string; Code: string }> }>>;
    copyObject(p: Params): Promise<Result>;
    close(): void;
  }
}

import type {
  LocalCredentials,
  OperationBody,
  OperationById,
  OperationId,
  OperationParams,
  OperationQuery,
  OperationResponse,
  OperationSpec,
} from '@modelarts-ts/contract';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../auth/caller.js';
import type { ConsoleSessions } from '../auth/console-session.js';
import type { PlatformConfig } from '../config.js';
import type { Db } from '../db/sqlite.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { IamStore } from './iam/store.js';

/** What every provider gets: configuration, the database, shared stores. */
export interface PlatformContext {
  config: PlatformConfig;
  db: Db;
  iam: IamStore;
  credentials: LocalCredentials;
  startedAt: number;
  version: string;
  log: FastifyBaseLogger;
  /** The platform's endpoint (`http://127.0.0.1:<port>`) once it listens: the origin of the links it hands out. */
  endpoint(): string;
  /** Published dataset versions, for training inputs (set by the datasets provider). */
  datasets?: DatasetVersions;
  /** The web console's session cookies and CSRF tokens. */
  consoleSessions: ConsoleSessions;
  /** The object store behind the S3/OBS API, shared by every user of OBS inside the platform (one instance: it pins versions being read). */
  objects(): ObjectStore;
}

/** What training needs of data management: where a published version's manifest is. */
export interface DatasetVersions {
  /** `obs://` URL of the manifest of a version (the dataset's current one when not given); undefined when either does not exist. */
  versionManifest(projectId: string, datasetId: string, versionId: string | undefined): { manifest: string } | 'no-dataset' | 'no-version';
}

export interface HandlerInput<O extends OperationSpec> {
  params: OperationParams<O>;
  query: OperationQuery<O>;
  body: OperationBody<O>;
  /** Set on every operation with `auth: 'required'`. */
  caller: O['auth'] extends 'required' ? Caller : Caller | undefined;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** Implements one operation; returns the success body (the status is the operation's success status). */
export type Handler<O extends OperationSpec> = (input: HandlerInput<O>) => Promise<OperationResponse<O>> | OperationResponse<O>;

export type HandlerTable = { [I in OperationId]?: Handler<OperationById<I>> };

/** A resource's piece of the platform: handlers for its operations and the stores behind them. */
export interface Provider {
  name: string;
  handlers: HandlerTable;
  close?(): Promise<void> | void;
}

export type ProviderFactory = (ctx: PlatformContext) => Provider;

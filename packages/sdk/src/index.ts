export type {
  Dataset as DatasetInfo,
  DatasetLabel,
  DatasetSample,
  DatasetVersion,
  ExportTask,
  ImportTask,
  LabelTask,
  ModelDetail,
  ModelList,
  ModelListItem,
  SampleLabel,
  ServiceDetail,
  ServiceEvents,
  ServiceList,
  ServiceListItem,
  ServiceLogs,
  ServiceMonitor,
} from '@modelarts-ts/contract';
export { type Credentials, cloudEndpoint, type IdentityOptions, type ResolvedConfig, resolveConfig } from './auth/config.js';
export { type AkSk, signRequest } from './auth/signer.js';
export { type IssuedToken, TokenCache } from './auth/token-cache.js';
export { type ClientOptions, ModelArtsClient, type RequestInput, type TransportOptions } from './client.js';
export * from './core/error.js';
export { type Logger, type LogLevel, levelLogger } from './core/logger.js';
export { PagePromise } from './core/pagination.js';
export { type PollOptions, poll } from './core/waiter.js';
export {
  type CreateDatasetOptions,
  type CreateLabelTaskOptions,
  type CreateVersionOptions,
  type DataSourceOptions,
  Dataset,
  type DatasetWaitOptions,
  type ExportDataOptions,
  type GetLabelTasksOptions,
  type ImportDataOptions,
  type ListDatasetsOptions,
  type ListSamplesOptions,
  type WorkPathOptions,
} from './datasets/dataset.js';
export {
  Annotation,
  type AnnotationOptions,
  Manifest,
  type ManifestOptions,
  ManifestParseError,
  type ParseManifestOptions,
  parseManifest,
  Sample,
  type SampleOptions,
  type SaveManifestOptions,
} from './datasets/manifest.js';
export {
  PascalVoc,
  type PascalVocOptions,
  VocObject,
  type VocObjectOptions,
  VocParseError,
  type VocPosition,
  type VocSourceInfo,
} from './datasets/pascal-voc.js';
export { ENV } from './internal/env.js';
export type { RequestOptions } from './internal/transport.js';
export { findRunningLocal, type RunningLocal } from './local/discover.js';
export type { ListOptions as ObsListOptions, ObsObject } from './obs/list.js';
export {
  type CopyOptions,
  OBS,
  type ObsSettings,
  type ReadOptions,
  type RemoveOptions,
  type TransferOptions,
  type WriteData,
  type WriteOptions,
} from './obs/obs.js';
export { formatObsPath, type ObsLocation, parseObsPath } from './obs/paths.js';
export type { ObsProgress, ProgressListener } from './obs/progress.js';
export type { TransferResult } from './obs/transfer.js';
export { Datasets } from './resources/datasets.js';
export { LiteHyperinstances, LiteServers } from './resources/lite-servers.js';
export { Models } from './resources/models.js';
export { type InferenceRequest, Services } from './resources/services.js';
export { type TrainingFlavorType, TrainingJobs } from './resources/training-jobs.js';
export {
  BindIP,
  type BindIPOptions,
  ChargingInfo,
  type ChargingInfoOptions,
  Charginginfo,
  DataVolume,
  type DataVolumeOptions,
  ImageBody,
  type ImageBodyOptions,
  Network,
  type NetworkOptions,
  RootVolume,
  type RootVolumeOptions,
  Server,
  type ServerOptions,
  Tag,
  type TagOptions,
  Volume,
  type VolumeOptions,
} from './servers/server-def.js';
export { type HpsListOptions, type ServerListOptions, ServerManagement, type ServerStartOptions, type ServerWaitOptions } from './servers/server-management.js';
export {
  Dependencies,
  type DependenciesOptions,
  Packages,
  type PackagesOptions,
  Params,
  type ParamsOptions,
  Schedule,
  type ScheduleOptions,
  ServiceConfig,
  type ServiceConfigOptions,
  TransformerConfig,
  type TransformerConfigOptions,
} from './serving/configs.js';
export { CondaDependencies, type CondaDependenciesOptions, Environment, pipRequirement } from './serving/environment.js';
export { Model } from './serving/model.js';
export type {
  DeployPredictorOptions,
  DeployTransformerOptions,
  ModelByIdOptions,
  ModelCreateOptions,
  ModelListOptions,
  ModelOptions,
  PublishModelOptions,
  TfInferEnvironOptions,
} from './serving/model-options.js';
export type { PredictData, PredictDataType } from './serving/predict-body.js';
export {
  type PredictOptions,
  Predictor,
  type ServiceBackend,
  type ServiceListOptions,
  type ServiceObjectListOptions,
  type ServiceWaitOptions,
  type UpdateServiceConfigOptions,
} from './serving/predictor.js';
export type { TfInferEnviron } from './serving/tf-environ.js';
export { type LocalSessionOptions, Session, type SessionOptions } from './session.js';
export {
  InputData,
  type InputDataOptions,
  OutputData,
  type OutputDataOptions,
  TrainingFiles,
  type TrainingFilesOptions,
  type TrainingParameterInput,
  type TrainingVolume,
} from './training/data.js';
export { Estimator, type EstimatorOptions, type FitOptions, type FrameworkInfo, type JobListOptions } from './training/estimator.js';
export { type FollowOptions, followLog, type LogSource, type LogWindow } from './training/log-stream.js';
export { type JobBackend, type JobLogsOptions, TrainingJob, type TrainingJobInfo, type WaitOptions } from './training/training-job.js';

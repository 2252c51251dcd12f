export {
  bootCommand,
  type ChannelArg,
  type HyperParameter,
  type InterpreterChoice,
  type ProgramCommand,
  shellCommand,
  shellQuote,
  splitInterpreter,
  trainingArgs,
} from './command.js';
export { DirectoryStorage } from './directory-storage.js';
export { type ChannelEnv, cleanBaseEnv, INHERITED_VARIABLES, type WorkerEnvOptions, workerEnv } from './environment.js';
export { type FollowOptions, followLog } from './follow-log.js';
export { CONTAINER_HOME, type JobLayout, jobLayout, logFileName, mapContainerPath, mapContainerPathsInCommand, taskNames } from './layout.js';
export { localPathForKey, walkFiles, writeFileAtomically, writeFileFromStream } from './local-files.js';
export { raiseMallocTrimThreshold } from './malloc-tuning.js';
export { type TaskMetrics, TreeSampler, UsageSeries } from './metrics.js';
export { asDirectoryUrl, formatObsUrl, isDirectoryUrl, isObsUrl, joinObsUrl, lastSegment, type ObsLocation, ObsUrlError, parseObsUrl } from './obs-url.js';
export { PAGE_CACHE_WRITE, writeAllSync } from './page-cache-write.js';
export { isProcessAlive, listProcesses, type ProcStat, processStartTicks, processTree, signalTree, treeAlive } from './proc.js';
export { findRequirementFile, REQUIREMENT_FILES } from './requirements.js';
export { isInside, resolveInside, safeRelativePath, UnsafePathError } from './safe-path.js';
export { describeIsolation, detectIsolation, type Isolation, type SandboxOptions, sandboxCommand } from './sandbox.js';
export {
  type BatchProgress,
  type BatchRequest,
  type BatchResponse,
  type BatchResult,
  type BatchSpec,
  BatchSpecError,
  buildCsvBody,
  fileInputName,
  mappedColumns,
  multipartFile,
  RESULT_FOLDER,
  RESULT_SUFFIX,
  runBatch,
} from './serving/batch.js';
export {
  defaultDependencyTarget,
  INFERENCE_CODE_FILE,
  type InstallDependenciesOptions,
  inspectModelPackage,
  installModelDependencies,
  MODEL_CONFIG_FILE,
  MODEL_FOLDER,
  MODEL_PIP_FOLDER,
  ModelDependencyError,
  type ModelPackageInfo,
  modelPythonPath,
} from './serving/model-package.js';
export {
  describeModelServerIsolation,
  MODEL_SERVER_PYTHON_DIR,
  MODEL_SERVER_SCRIPT,
  type ModelServer,
  ModelServerError,
  type ModelServerSandbox,
  type ModelServerSpec,
  startModelServer,
} from './serving/model-server.js';
export type { DownloadResult, StoragePort } from './storage-port.js';
export {
  type CodeSource,
  type EventLevel,
  type InputChannel,
  type OutputChannel,
  type RunEvent,
  type RunPhase,
  type RunResult,
  RunSpecError,
  type StopOptions,
  startTraining,
  type TaskResult,
  type TrainingRun,
  type TrainingRunSpec,
  type WorkerProcess,
} from './training-run.js';
export { extractZip, ZipError } from './unzip.js';
export { SERVICE_LOG_PREFIX } from './worker-log.js';

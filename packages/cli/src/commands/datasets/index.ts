import { InvalidArgumentError } from 'commander';
import type { CommandGroup } from '../../core/command.js';
import { collect } from '../jobs/view.js';
import {
  type CreateFlags,
  datasetsCreate,
  datasetsDelete,
  datasetsExport,
  datasetsGet,
  datasetsImport,
  datasetsList,
  datasetsPublish,
  datasetsSamples,
  datasetsTasks,
  datasetsUpdate,
  datasetsVersions,
} from './actions.js';

function count(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

const FORMAT_HELP = 'annotation format, e.g. "ModelArts PASCAL VOC 1.0", "ModelArts imageNet 1.0" (with --scene)';
const SCENE_HELP = 'labeling scene: image_classification, object_detection, text_classification, audio_classification';

/** `modelarts datasets …`: data management (the manual's chapter 7). */
export const datasetsCommands: CommandGroup = (program, host) => {
  const ds = program.command('datasets').description('datasets: create, import, publish versions, export (the manual’s Dataset)');
  ds.command('create')
    .description('create a dataset from an OBS folder or manifest (its samples sync in the background)')
    .requiredOption('--name <name>', 'dataset name (letters, digits, "_" and "-")')
    .requiredOption('--source <path>', 'input path: /bucket/dir/ or a .manifest file')
    .requiredOption('--work-path <path>', 'output path: /bucket/dir/ (not inside --source)')
    .option('--data-type <type>', 'IMAGE, TEXT, AUDIO, TABLE, VIDEO or PLAIN (default IMAGE unless --dataset-type)')
    .option('--dataset-type <n>', 'labeling type instead of a data type (0 image classification, 1 object detection, ...)', count)
    .option('--scene <scene>', SCENE_HELP)
    .option('--format <name>', FORMAT_HELP)
    .option('--with-header', 'tables: the first CSV row is the header')
    .option('--column <name:TYPE>', 'tables: a schema column, in order (repeatable)', collect)
    .option('--description <text>', 'description')
    .option('--wait', 'wait until the data source is synced; print failed samples')
    .action(host.action<[], CreateFlags>((o) => datasetsCreate(host.ctx(), o)));
  ds.command('list')
    .description('list datasets (newest first)')
    .option('--type <n>', 'only this labeling type', count)
    .option('--name <text>', 'only names containing the text')
    .option('--page <n>', 'page index (the API’s offset), from 0', count)
    .option('--limit <n>', 'datasets per page, 1–100 (default 10)', count)
    .action(host.action((o) => datasetsList(host.ctx(), o)));
  ds.command('get')
    .description('details of a dataset')
    .argument('<id>')
    .action(host.action<[string]>((id) => datasetsGet(host.ctx(), id)));
  ds.command('update')
    .description('rename a dataset or change its description')
    .argument('<id>')
    .option('--name <name>', 'new name')
    .option('--description <text>', 'new description')
    .action(host.action<[string]>((id, o) => datasetsUpdate(host.ctx(), id, o)));
  ds.command('delete')
    .description('delete a dataset (its files in OBS stay)')
    .argument('<id>')
    .action(host.action<[string]>((id) => datasetsDelete(host.ctx(), id)));
  ds.command('import')
    .description('import samples (and labels) from an OBS folder or a manifest')
    .argument('<id>')
    .argument('<path>', '/bucket/dir/ or /bucket/x.manifest')
    .option('--scene <scene>', SCENE_HELP)
    .option('--format <name>', FORMAT_HELP)
    .option('--labels', 'import the labels of a manifest')
    .option('--with-header', 'tables: the first CSV row is the header')
    .option('--wait', 'wait for the task; print failed samples')
    .action(host.action<[string, string]>((id, path, o) => datasetsImport(host.ctx(), id, path, o)));
  ds.command('export')
    .description('export samples and labels to an OBS folder (Data/ and output.manifest)')
    .argument('<id>')
    .argument('<path>', '/bucket/dir/')
    .option('--type <n>', '0 labelled, 1 unlabelled, 2 all (default)', count)
    .option('--tree', 'one folder per label (Data/<label>/<file>)')
    .option('--version <id>', 'export this version')
    .option('--wait', 'wait for the task')
    .action(host.action<[string, string]>((id, path, o) => datasetsExport(host.ctx(), id, path, o)));
  ds.command('versions')
    .description('versions of a dataset')
    .argument('<id>')
    .action(host.action<[string]>((id) => datasetsVersions(host.ctx(), id)));
  ds.command('publish')
    .description('publish a version: writes its manifest under the work path')
    .argument('<id>')
    .option('--name <name>', 'version name (default V001, V002, ...)')
    .option('--description <text>', 'description')
    .option('--train-ratio <ratio>', 'share of labelled samples marked TRAIN, the rest EVAL (e.g. 0.80)')
    .option('--wait', 'wait until the manifest is written')
    .action(host.action<[string]>((id, o) => datasetsPublish(host.ctx(), id, o)));
  ds.command('samples')
    .description('list samples with their labels')
    .argument('<id>')
    .option('--version <id>', 'samples of this version')
    .option('--state <state>', '__ALL__ labelled, __NONE__ unlabelled')
    .option('--label <name>', 'only samples with this label')
    .option('--page <n>', 'page index, from 0', count)
    .option('--limit <n>', 'samples per page, 1–100 (default 10)', count)
    .action(host.action<[string]>((id, o) => datasetsSamples(host.ctx(), id, o)));
  ds.command('tasks')
    .description('import tasks of a dataset (--export: export tasks)')
    .argument('<id>')
    .option('--export', 'list export tasks')
    .action(host.action<[string]>((id, o) => datasetsTasks(host.ctx(), id, o)));
};

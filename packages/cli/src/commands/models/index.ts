import type { CommandGroup } from '../../core/command.js';
import { collect } from '../jobs/view.js';
import { modelsDelete } from './delete.js';
import { modelsGet } from './get.js';
import { type ImportFlags, modelsImport } from './import.js';
import { modelsList } from './list.js';
import { count, order } from './view.js';

/** `modelarts models …`: model packages (the manual's Model, chapter 9). */
export const modelsCommands: CommandGroup = (program, host) => {
  const models = program.command('models').description('models: import a package, list, inspect, delete (the manual’s Model)');
  models
    .command('import')
    .description('import a model package (Model(session, …)): an OBS folder, or a local folder uploaded first')
    .requiredOption('--source <path>', 'package folder (holding model/): obs://bucket/path/, /bucket/path/, https://bucket.obs…/path/ or a local folder')
    .requiredOption('--type <model_type>', 'TensorFlow, PyTorch, Scikit_Learn, XGBoost, MindSpore, Spark_MLlib, MXNet, Image, …')
    .requiredOption('--model-version <version>', 'model version N.N.N (e.g. 1.0.0)')
    .option('--name <name>', 'model name (default model-<time>-<hex>)')
    .option('--obs-path <obs>', 'where a local --source is uploaded (default a model-MMDD-HHMMSS folder of the default bucket)')
    .option('--runtime <runtime>', 'runtime (see the engines’ runtimes)')
    .option('--algorithm <name>', 'model_algorithm, e.g. predict_analysis')
    .option('--description <text>', 'description (≤ 100 characters)')
    .option('--execution-code <obs>', 'OBS path of customize_service.py')
    .option('--source-job-id <id>', 'training job the model comes from')
    .option('--source-job-version <v>', 'version of that job')
    .option('--pip <requirement>', 'pip dependency: name, name==v, name>=v or name<=v (repeatable)', collect)
    .option('--wait', 'wait until the model is published; exit 1 if publishing fails')
    .action(host.action<[], ImportFlags>((o) => modelsImport(host.ctx(), o)));
  models
    .command('list')
    .description('list models (newest first)')
    .option('--name <text>', 'name contains the text')
    .option('--model-version <v>', 'exact version')
    .option('--status <status>', 'publishing, published or failed')
    .option('--limit <n>', 'models per page', count)
    .option('--page <n>', 'page index (the API’s offset), from 0', count)
    .option('--sort-by <field>', 'create_at, model_version or model_size')
    .option('--order <order>', 'asc or desc', order)
    .action(host.action((o) => modelsList(host.ctx(), o)));
  models
    .command('get')
    .description('details of a model (model.getModelInfo)')
    .argument('<id>')
    .action(host.action<[string]>((id) => modelsGet(host.ctx(), id)));
  models
    .command('delete')
    .description('delete a model (refused while a service uses it: ModelArts.3009)')
    .argument('<id>')
    .option('--cascade', 'also delete the other versions of the model')
    .action(host.action<[string]>((id, o) => modelsDelete(host.ctx(), id, o)));
};

import type { CommandGroup } from '../../core/command.js';
import { collect } from '../jobs/view.js';
import { count, order } from '../models/view.js';
import { servicesDelete } from './delete.js';
import { type DeployFlags, servicesDeploy } from './deploy.js';
import { servicesEvents } from './events.js';
import { servicesGet } from './get.js';
import { servicesList } from './list.js';
import { servicesLogs } from './logs.js';
import { servicesMonitor } from './monitor.js';
import { servicesPredict } from './predict.js';
import { servicesStart, servicesStop } from './start-stop.js';
import { servicesUpdate } from './update.js';
import { stopAfter } from './view.js';

/** `modelarts services …`: real-time and batch services (the manual's Predictor, chapter 10). */
export const servicesCommands: CommandGroup = (program, host) => {
  const services = program.command('services').description('services: deploy models, call them, inspect, update, stop, delete (the manual’s Predictor)');
  services
    .command('deploy')
    .description('deploy a real-time service (model.deployPredictor) or, with --batch, a batch service (deployTransformer)')
    .option('--name <name>', 'service name (default service-<time>-<hex>)')
    .option('--model <id[:weight]>', 'model to serve, with its traffic weight (repeatable; weights sum to 100)', collect)
    .option('--instances <n>', 'instances per model (default 1)', count)
    .option('--flavor <spec>', 'specification (default modelarts.vm.cpu.2u)')
    .option('--env <K=V>', 'environment variable of the model (repeatable)', collect)
    .option('--description <text>', 'description')
    .option('--stop-after <duration>', 'auto-stop schedule, e.g. 30m, 2h, 1d', stopAfter)
    .option('--batch', 'a batch service over --src-path')
    .option('--src-path <obs>', 'batch: input folder (or manifest)')
    .option('--dest-path <obs>', 'batch: output folder')
    .option('--req-uri <path>', 'batch: the model API called (default /)')
    .option('--mapping-type <type>', 'batch: file (one request per file) or csv (one per row)')
    .option('--mapping-rule <json>', 'batch csv: the request schema with CSV column indexes')
    .option('--wait', 'wait until it runs (a batch service: until it finished); exit 1 if it fails')
    .action(host.action<[], DeployFlags>((o) => servicesDeploy(host.ctx(), o)));
  services
    .command('list')
    .description('list services (newest first)')
    .option('--name <text>', 'name contains the text')
    .option('--status <status>', 'running, deploying, concerning, failed, stopped, finished')
    .option('--infer-type <type>', 'real-time or batch')
    .option('--model-id <id>', 'services of this model')
    .option('--limit <n>', 'services per page', count)
    .option('--page <n>', 'page index (the API’s offset), from 0', count)
    .option('--order <order>', 'asc or desc', order)
    .action(host.action((o) => servicesList(host.ctx(), o)));
  services
    .command('get')
    .description('details of a service (predictor.getServiceInfo)')
    .argument('<id>')
    .action(host.action<[string]>((id) => servicesGet(host.ctx(), id)));
  services
    .command('predict')
    .description('call a real-time service (predictor.predict)')
    .argument('<id>')
    .option('--data <json>', 'JSON request body')
    .option('--json-file <path>', 'JSON request body from a file')
    .option('--file <path>', 'a file to send as multipart (repeatable)', collect)
    .option('--image <path>', 'an image to send as multipart field images (repeatable)', collect)
    .option('--field <name>', 'multipart field of --file (default: the model’s declared file input)')
    .option('--path <path>', 'model API path (default /)')
    .action(host.action<[string]>((id, o) => servicesPredict(host.ctx(), id, o)));
  services
    .command('update')
    .description('change a service (predictor.updateServiceConfig): description, or its models (a rolling update)')
    .argument('<id>')
    .option('--description <text>', 'new description')
    .option('--model <id[:weight]>', 'the new model set (repeatable)', collect)
    .option('--instances <n>', 'instances per model', count)
    .option('--flavor <spec>', 'specification')
    .option('--env <K=V>', 'environment variable (repeatable)', collect)
    .option('--stop-after <duration>', 'auto-stop schedule, e.g. 30m, 2h, 1d', stopAfter)
    .option('--wait', 'wait until it runs again')
    .action(host.action<[string]>((id, o) => servicesUpdate(host.ctx(), id, o)));
  services
    .command('stop')
    .description('stop a service')
    .argument('<id>')
    .option('--wait', 'wait until it has stopped')
    .action(host.action<[string]>((id, o) => servicesStop(host.ctx(), id, o)));
  services
    .command('start')
    .description('start a stopped service')
    .argument('<id>')
    .option('--wait', 'wait until it runs')
    .action(host.action<[string]>((id, o) => servicesStart(host.ctx(), id, o)));
  services
    .command('logs')
    .description('update history of a service (predictor.getServiceLogs)')
    .argument('<id>')
    .action(host.action<[string]>((id) => servicesLogs(host.ctx(), id)));
  services
    .command('events')
    .description('events of a service: deployment steps, failures, restarts')
    .argument('<id>')
    .option('--type <type>', 'normal or abnormal')
    .option('--limit <n>', 'at most this many (newest first)', count)
    .action(host.action<[string]>((id, o) => servicesEvents(host.ctx(), id, o)));
  services
    .command('monitor')
    .description('invocations and CPU/memory per model (predictor.getServiceMonitor)')
    .argument('<id>')
    .action(host.action<[string]>((id) => servicesMonitor(host.ctx(), id)));
  services
    .command('delete')
    .description('delete services (predictor.deleteService)')
    .argument('<ids...>')
    .action(host.action<[string[]]>((ids) => servicesDelete(host.ctx(), ids)));
};

/**
 * What every chapter 9–10 example shares: the training demo (bucket, data), the linear model package y = 3x + 2 in
 * OBS and on disk, batch inputs, and helpers to import and deploy it.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Model, type Predictor, ServiceConfig, type Session } from '@modelarts-ts/sdk';
import { type Demo, examplesRoot, jobName, prepareDemo } from '../training/common.js';

export { jobName };

/** `examples/serving/code`: the training script and the inference code it packages. */
export const servingCodeDir = (): string => join(examplesRoot(), 'serving', 'code');

export interface ServingDemo extends Demo {
  /** `obs://<bucket>/serving/code/`: `train_linear.py` and `package/`. */
  serving_code: string;
  /** `obs://<bucket>/serving/linear/`: a model package (its `model/` folder) of y = 3x + 2. */
  model_location: string;
  /** The same package on this machine (the manual's local model of 9.1). */
  local_model: string;
  /** `obs://<bucket>/serving/batch-files/`: text files of x values, one request each. */
  batch_files: string;
  /** `obs://<bucket>/serving/batch-csv/`: a CSV of x values, one request per row. */
  batch_csv: string;
}

/** A package folder holding `model/` with the inference code of `code/package` and the given weights. */
export function writeModelPackage(dir: string, w = 3, b = 2): string {
  const model = join(dir, 'model');
  mkdirSync(model, { recursive: true });
  cpSync(join(servingCodeDir(), 'package'), model, { recursive: true });
  writeFileSync(join(model, 'model.json'), JSON.stringify({ w, b, points: 0 }));
  return dir;
}

/** Uploads the serving code, the model package and the batch inputs. Safe to repeat. */
export async function prepareServing(session: Session): Promise<ServingDemo> {
  const demo = await prepareDemo(session);
  const root = `obs://${demo.bucket}/serving/`;
  const local = writeModelPackage(mkdtempSync(join(tmpdir(), 'ma-serving-model-')));
  const s: ServingDemo = {
    ...demo,
    serving_code: `${root}code/`,
    model_location: `${root}linear/`,
    local_model: local,
    batch_files: `${root}batch-files/`,
    batch_csv: `${root}batch-csv/`,
  };
  await session.obs.copy(servingCodeDir(), s.serving_code, { keep_last_dir: false });
  await session.obs.copy(local, s.model_location, { keep_last_dir: false });
  await session.obs.write(`${s.batch_files}a.txt`, '1\n2\n');
  await session.obs.write(`${s.batch_files}b.txt`, '10\n');
  await session.obs.write(`${s.batch_csv}points.csv`, '0\n1.5\n4\n');
  return s;
}

/** The manual's version rule allows 99 per part: examples that run again pick a fresh one from the clock. */
export function freshVersion(): string {
  const t = Date.now();
  return `${(Math.floor(t / 990_000) % 99) + 1}.${Math.floor(t / 10_000) % 99}.${Math.floor(t / 100) % 99}`;
}

/** Imports the demo package (or another OBS package) and waits until it is published. */
export function importDemoModel(session: Session, demo: ServingDemo, o: { name?: string; version?: string; source_location?: string } = {}): Promise<Model> {
  return Model.create(session, {
    model_name: o.name ?? jobName('linear'),
    model_version: o.version ?? '1.0.0',
    source_location: o.source_location ?? demo.model_location,
    model_type: 'MindSpore',
    model_algorithm: 'predict_analysis',
  });
}

/** A running real-time service of `model` on the demo flavor. */
export function deployDemoPredictor(model: Model, demo: ServingDemo, o: { name?: string; instances?: number } = {}): Promise<Predictor> {
  return model.deployPredictor({
    service_name: o.name ?? jobName('linear-svc'),
    configs: [new ServiceConfig({ model_id: model.model_id as string, weight: '100', instance_count: o.instances ?? 1, specification: demo.flavor })],
  });
}

/** The request body of the linear model for some x values. */
export const request = (...xs: number[]) => ({ data: { req_data: xs.map((x) => ({ x })) } });

/** Reads an OBS object as text. */
export async function readText(session: Session, path: string): Promise<string> {
  let s = '';
  for await (const c of await session.obs.read(path)) s += c;
  return s;
}

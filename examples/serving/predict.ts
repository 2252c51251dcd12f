/**
 * Manual 10.5: test an inference service with `predict`: a JSON value, a local JSON file, and files (multipart).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Predictor, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { deployDemoPredictor, importDemoModel, prepareServing, request } from './common.js';

export async function predict(session: Session) {
  const demo = await prepareServing(session);
  const deployed = await deployDemoPredictor(await importDemoModel(session, demo), demo);
  const predictor_instance = new Predictor(session, deployed.service_id);
  const dir = mkdtempSync(join(tmpdir(), 'ma-predict-'));
  const data_path = join(dir, 'test.json');
  writeFileSync(data_path, JSON.stringify(request(7)));
  const points = join(dir, 'points.csv');
  writeFileSync(points, 'x\n0.5\n1\n');
  return {
    dict: await predictor_instance.predict({ data: request(1, 2), data_type: 'json' }),
    json_file: await predictor_instance.predict({ data: data_path, data_type: 'json' }),
    files: await predictor_instance.predict({ data: points, data_type: 'files' }),
  };
}

await runAsProgram(import.meta.url, predict);

/**
 * Manual 7.2: publish versions (V001 by name and format; one from a labeling task), list them, read one, delete one.
 * Each version's manifest lands at `<work_path>/<dataset>-<id>/annotation/<version>/<version>.manifest`.
 */
import { Manifest, type Session } from '@modelarts-ts/sdk';
import { createDemoDataset, prepareDatasetDemo, runAsProgram } from './common.js';

export async function versions(session: Session) {
  const demo = await prepareDatasetDemo(session);
  const dataset = await createDemoDataset(session, demo, 'dataset-versions');

  // 7.2.2 example 1: a version named V001, 80 % of the labelled samples for training.
  const create_version_resp = await dataset.createVersion({
    name: 'V001',
    version_format: 'Default',
    label_task_type: 1,
    description: 'version 001',
    train_evaluate_sample_ratio: '0.80',
  });
  // Publishing runs in the background: wait until the version is ready.
  const v1 = await dataset.waitForVersion(create_version_resp.version_id);
  // 7.2.2 example 2: a version from a labeling task (named V002, the next number).
  const { task_id } = await dataset.createLabelTask({ task_name: 'obj_detection_task', task_type: 1 });
  const v2 = await dataset.waitForVersion((await dataset.createVersion({ label_task_id: task_id, description: 'dataset version from label task' })).version_id);

  // 7.2.1: the version list, newest first.
  const version_list = await dataset.listVersions();
  // 7.2.3: details of one version.
  const version_info = await dataset.getVersionInfo(v1.version_id);
  // The published manifest is an ordinary file in OBS.
  const manifest = await Manifest.parseManifest(`obs:/${version_info.manifest_path}`, { session });
  console.log(`${version_info.version_name}: ${manifest.size} samples in ${version_info.manifest_path}`);
  // 7.2.4: delete V001; V002 stays.
  await dataset.deleteVersion(v1.version_id);
  const after = await dataset.listVersions();
  return {
    v1,
    v2,
    version_list,
    usages: manifest.samples.map((s) => s.usage ?? null),
    remaining: after.versions.map((v) => v.version_name),
  };
}

await runAsProgram(import.meta.url, versions);

/** Manual 7.3: list samples (all, and those of a version), read one, delete two in a batch. */
import type { Session } from '@modelarts-ts/sdk';
import { createDemoDataset, prepareDatasetDemo, runAsProgram } from './common.js';

export async function samples(session: Session) {
  const demo = await prepareDatasetDemo(session);
  const dataset = await createDemoDataset(session, demo, 'dataset-samples');
  const { version_id } = await dataset.createVersion({ name: 'V001' });
  await dataset.waitForVersion(version_id);

  // 7.3.1 example 1: the sample list (10 per page by default).
  const list_samples_resp = await dataset.listSamples();
  // 7.3.1 example 2: the samples of a version.
  const of_version = await dataset.listSamples({ version_id });
  // Filters of the REST API: labelled samples with a "person" box.
  const persons = await dataset.listSamples({ label_name: 'person', limit: 100 });
  // 7.3.2: one sample, with its labels.
  const first = list_samples_resp.samples[0];
  const sample_info = await dataset.getSampleInfo(first?.sample_id as string);
  console.log(`${sample_info.sample_name}: ${sample_info.labels.map((l) => l.name).join(', ') || 'no labels'}`);
  // 7.3.3: delete two samples in a batch (the image files stay in OBS).
  const deleted = list_samples_resp.samples.slice(0, 2).map((s) => s.sample_id);
  const delete_resp = await dataset.deleteSamples(deleted);
  const after = await dataset.listSamples();
  return { list_samples_resp, of_version, persons, sample_info, delete_resp, deleted, after };
}

await runAsProgram(import.meta.url, samples);

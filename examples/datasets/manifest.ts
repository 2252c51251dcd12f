/**
 * Manual 7.6.2 / 7.6.3: build a manifest of 19 image-classification samples, save it to OBS (`w` writes, `a`
 * appends), and parse it back; `Manifest.iterateManifest` streams a large file one sample at a time.
 */
import { Annotation, Manifest, Sample, type Session } from '@modelarts-ts/sdk';
import { prepareDatasetDemo, runAsProgram } from './common.js';

export async function manifest(session: Session) {
  const demo = await prepareDatasetDemo(session);
  const sample_list: Sample[] = [];
  for (let i = 0; i < 19; i++) {
    const annotations_list = [
      new Annotation({
        name: i % 2 === 1 ? 'Bees' : 'Rabbits',
        type: 'modelarts/image_classification',
        confidence: 0.8,
        creation_time: '2019-02-20 08:23:06',
        annotated_by: 'human',
        annotation_format: 'manifest',
        annotation_property: { color: 'black' },
      }),
    ];
    sample_list.push(
      new Sample({
        source: `s3://obs-path/examples/image-classification/data/image_${i}.jpg`,
        usage: 'TRAIN',
        annotations: annotations_list,
        inference_loc: `s3://obs-path/examples/image-classification/data/image_${i}.txt`,
      }),
    );
  }
  const path = `obs://${demo.bucket}/datasets/manifest/V001.manifest`;
  // 7.6.3: the manual saves with save_mode "a"; the first ten samples are written with "w" so that a second run
  // starts the file again, the other nine are appended.
  await new Manifest({ samples: sample_list.slice(0, 10) }).save(path, { session, save_mode: 'w' });
  const manifest_info = new Manifest({ samples: sample_list.slice(10), size: 9 });
  await manifest_info.save(path, { session, save_mode: 'a' });

  // 7.6.2: parse it (the whole file), then stream it.
  const parsed = await Manifest.parseManifest(path, { session });
  let bees = 0;
  for await (const sample of Manifest.iterateManifest(path, { session })) if (sample.annotations[0]?.name === 'Bees') bees++;
  console.log(`${parsed.size} samples, ${bees} of them Bees`);
  return { path, size: parsed.size, bees, first: parsed.samples[0]?.toLine() };
}

await runAsProgram(import.meta.url, manifest);

/** Manual 7.6.4 / 7.6.5: build a Pascal VOC file with two labelled objects, save it to OBS, and parse it back. */
import { PascalVoc, type Session, VocObject } from '@modelarts-ts/sdk';
import { prepareDatasetDemo, runAsProgram } from './common.js';

export async function pascalVoc(session: Session) {
  const demo = await prepareDatasetDemo(session);
  const path = `obs://${demo.bucket}/datasets/voc/test2.xml`;
  const size_list = [640, 321, 3] as const;
  const file_name = '000000089955.jpg';
  const voc_object_tags = ['trafficlight', 'trafficlight'];
  // Label colour and shortcut describe the label, not this object: they are not written to the file.
  const label = { '@modelarts:color': '#FFFFE0', '@modelarts:shortcut': 'D', pose: '0', truncated: '0', difficult: '0' };
  const voc_object_properties = [
    {
      ...label,
      '@modelarts:shape': 'bndbox',
      '@modelarts:feature': [
        [283, 71],
        [301, 118],
      ],
    },
    {
      ...label,
      '@modelarts:shape': 'bndbox',
      '@modelarts:feature': [
        [313, 60],
        [328, 105],
      ],
    },
  ];
  const voc_objects = voc_object_tags.map((object_tag, i) => new VocObject({ name: object_tag, properties: voc_object_properties[i] }));
  const pascal_voc = new PascalVoc({ file_name, width: size_list[0], height: size_list[1], depth: size_list[2], voc_objects });
  // 7.6.5: save (save_mode "w" by default).
  await pascal_voc.saveXml(path, { session });
  // 7.6.4: parse it back.
  const parsed = await PascalVoc.parseXml(path, { session });
  console.log(parsed);
  return { path, xml: pascal_voc.toXml(), parsed };
}

await runAsProgram(import.meta.url, pascalVoc);

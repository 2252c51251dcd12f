import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Annotation, InvalidArgumentError, Manifest, ManifestParseError, PascalVoc, parseManifest, Sample, VocObject, VocParseError } from '../src/index.js';
import { type PlatformFixture, platformFixture } from './fixture.js';

const fixturePath = (name: string) => new URL(`./fixtures/datasets/${name}`, import.meta.url).pathname;

let f: PlatformFixture;
let dir: string;
beforeAll(async () => {
  f = await platformFixture();
  dir = f.tempDir('formats');
  await f.session.obs.makeBucket('formats');
});
afterAll(async () => {
  await f?.close();
});

describe('Manifest', () => {
  it('parses every example line of the format and saves it back byte for byte', async () => {
    const text = readFileSync(fixturePath('examples.manifest'), 'utf8');
    const m = await Manifest.parseManifest(fixturePath('examples.manifest'));
    expect(m.size).toBe(5);
    const [pets, street, text3, audio, unlabelled] = m.samples;
    expect(pets?.hard).toBe(true);
    expect(pets?.hard_coefficient).toBe(0.7);
    expect(pets?.annotations.map((a) => [a.name, a.type, a.confidence, a.annotated_by])).toEqual([
      ['cat', 'modelarts/image_classification', undefined, 'human'],
      ['animal', 'modelarts/image_classification', 0.93, 'modelarts/active-learning'],
    ]);
    expect(pets?.annotations[0]?.annotation_property).toEqual({ color: 'grey' });
    expect(street?.annotations[0]?.annotation_loc).toBe('s3://bkt/out/ds-1a2b/annotation/V001/annotation/street_7.xml');
    expect(street?.annotations[0]?.annotation_format).toBe('PASCAL VOC');
    expect(street?.sample_type).toBe(0);
    expect(text3?.annotations.map((a) => a.id)).toEqual(['E1', 'E2', 'R1']);
    expect(audio?.annotations[0]?.annotation_property).toMatchObject({ '@modelarts:content': 'Good morning' });
    expect(unlabelled?.annotations).toEqual([]);
    expect(unlabelled?.usage).toBe('INFERENCE');

    const out = join(dir, 'copy.manifest');
    await m.save(out);
    expect(readFileSync(out, 'utf8')).toBe(text);
  });

  it('reads both spellings, keeps unknown keys and the spelling it read, and writes changes', async () => {
    const line =
      '{"source":"obs://b/a.jpg","inference_loc":"obs://b/a.txt","x-tool":{"v":2},"annotation":[{"type":"modelarts/object_detection","annotation_loc":"obs://b/a.xml","creation_time":"2024-01-01 00:00:00","hard":true}]}';
    const file = join(dir, 'spellings.manifest');
    writeFileSync(file, `${line}\n`);
    const [s] = (await parseManifest(file)).samples;
    expect(s?.inference_loc).toBe('obs://b/a.txt');
    expect(s?.annotations[0]?.annotation_loc).toBe('obs://b/a.xml');
    expect(s?.annotations[0]?.creation_time).toBe('2024-01-01 00:00:00');
    expect(s?.annotations[0]?.hard).toBe(true);
    expect(s?.toLine()).toBe(line);
    (s as Sample).usage = 'TRAIN';
    (s as Sample).annotations.push(new Annotation({ name: 'car', type: 'modelarts/image_classification' }));
    const raw = JSON.parse((s as Sample).toLine());
    expect(raw['x-tool']).toEqual({ v: 2 });
    expect(raw.usage).toBe('TRAIN');
    expect(raw.annotation).toHaveLength(2);
    expect(raw.annotation[1]).toEqual({ name: 'car', type: 'modelarts/image_classification' });
  });

  it('builds the manual example (7.6.3), saves it to OBS with w then a, and parses it back', async () => {
    const samples: Sample[] = [];
    for (let i = 0; i < 19; i++) {
      samples.push(
        new Sample({
          source: `s3://obs-path/examples/image-classification/data/image_${i}.jpg`,
          usage: 'TRAIN',
          inference_loc: `s3://obs-path/examples/image-classification/data/image_${i}.txt`,
          annotations: [
            new Annotation({
              name: i % 2 === 1 ? 'Bees' : 'Rabbits',
              type: 'modelarts/image_classification',
              confidence: 0.8,
              creation_time: '2019-02-20 08:23:06',
              annotated_by: 'human',
              annotation_format: 'manifest',
              annotation_property: { color: 'black' },
            }),
          ],
        }),
      );
    }
    const manifest = new Manifest({ samples, size: 19 });
    const path = 'obs://formats/manifest/V001.manifest';
    await manifest.save(path, { session: f.session });
    await manifest.save(path, { session: f.session, save_mode: 'a' });
    const back = await Manifest.parseManifest(path, { session: f.session });
    expect(back.size).toBe(38);
    expect(back.samples[1]?.annotations[0]?.name).toBe('Bees');
    expect(back.samples[20]?.source).toBe(samples[1]?.source);
    expect(back.samples.map((s) => s.toLine())).toEqual([...samples, ...samples].map((s) => s.toLine()));
    // A local append adds lines too.
    const local = join(dir, 'appended.manifest');
    await manifest.save(local);
    await manifest.save(local, { save_mode: 'a' });
    expect(readFileSync(local, 'utf8').split('\n').filter(Boolean)).toHaveLength(38);
  });

  it('parses a 100,000-line manifest as a plain split and JSON.parse do', async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) =>
      JSON.stringify({
        source: `obs://b/img_${i}.jpg`,
        usage: i % 5 ? 'train' : 'eval',
        id: i.toString(16),
        annotation: [{ type: 'modelarts/image_classification', name: `label-${i % 7}` }],
      }),
    );
    const file = join(dir, 'big.manifest');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const plain = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const parsed = [];
    for await (const s of Manifest.iterateManifest(file)) parsed.push(s.raw);
    expect(parsed).toHaveLength(100_000);
    expect(parsed).toEqual(plain);
  });

  it('names the line of a bad sample, and reads other encodings', async () => {
    const bad = join(dir, 'bad.manifest');
    writeFileSync(bad, '{"source":"a"}\n\n{"usage":"TRAIN"}\n');
    const e = await Manifest.parseManifest(bad).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ManifestParseError);
    expect((e as ManifestParseError).line).toBe(3);
    expect(String(e)).toMatch(/line 3: a sample needs a "source"/);

    // "猫" in GBK is C3 A8.
    const gbk = join(dir, 'gbk.manifest');
    writeFileSync(gbk, Buffer.concat([Buffer.from('{"source":"content://'), Buffer.from([0xc3, 0xa8]), Buffer.from('"}\n')]));
    expect((await Manifest.parseManifest(gbk, { encoding: 'gbk' })).samples[0]?.source).toBe('content://猫');
  });

  it('checks its arguments like the manual’s Python', async () => {
    await expect(Manifest.parseManifest('obs://formats/x.manifest')).rejects.toThrow(/pass \{ session \}/);
    await expect(new Manifest({ samples: [] }).save(join(dir, 'x.manifest'), { save_mod: 'a' } as never)).rejects.toThrow(/did you mean 'save_mode'/);
    await expect(new Manifest({ samples: [] }).save(join(dir, 'x.manifest'), { save_mode: 'x' } as never)).rejects.toThrow(InvalidArgumentError);
    expect(() => new Sample({} as never)).toThrow(/source is required/);
    expect(() => new Annotation({ nmae: 'x' } as never)).toThrow(/did you mean 'name'/);
    await expect(Manifest.parseManifest(join(dir, 'x.manifest'), { encoding: 'klingon' })).rejects.toThrow(/unknown encoding/);
  });
});

describe('PascalVoc', () => {
  it('parses the platform-style example and saves it back byte for byte', async () => {
    const xml = readFileSync(fixturePath('street_7.xml'), 'utf8');
    const voc = await PascalVoc.parseXml(fixturePath('street_7.xml'));
    expect(voc.file_name).toBe('street_7.jpg');
    expect(voc.voc_objects.map((o) => [o.name, o.position?.type])).toEqual([
      ['car', 'bndbox'],
      ['sign', 'polygon'],
    ]);
    expect(voc.voc_objects[0]).toBeInstanceOf(VocObject);
    const out = join(dir, 'street_7.xml');
    await voc.saveXml(out);
    expect(readFileSync(out, 'utf8')).toBe(xml);
  });

  it('builds the manual example (7.6.5) from label properties, saves it to OBS and parses it back', async () => {
    const voc_object_properties = [
      {
        '@modelarts:color': '#FFFFE0',
        '@modelarts:shortcut': 'D',
        pose: '0',
        truncated: '0',
        difficult: '0',
        '@modelarts:shape': 'bndbox',
        '@modelarts:feature': [
          [283, 71],
          [301, 118],
        ],
      },
      {
        '@modelarts:color': '#FFFFE0',
        '@modelarts:shortcut': 'D',
        pose: '0',
        truncated: '0',
        difficult: '0',
        '@modelarts:shape': 'polygon',
        '@modelarts:feature': [
          [10, 10],
          [20, 10],
          [15, 30],
        ],
      },
    ];
    const voc_objects = ['trafficlight', 'trafficlight'].map((name, i) => new VocObject({ name, properties: voc_object_properties[i] }));
    const pascal_voc = new PascalVoc({ file_name: '000000089955.jpg', width: 640, height: 321, depth: 3, voc_objects });
    const path = 'obs://formats/voc/test2.xml';
    await pascal_voc.saveXml(path, { session: f.session });
    const back = await PascalVoc.parseXml(path, { session: f.session });
    expect([back.width, back.height, back.depth]).toEqual([640, 321, 3]);
    expect(back.voc_objects[0]).toMatchObject({
      name: 'trafficlight',
      pose: '0',
      truncated: '0',
      difficult: '0',
      position: { type: 'bndbox', xmin: 283, ymin: 71, xmax: 301, ymax: 118 },
    });
    expect(back.voc_objects[1]?.position).toEqual({
      type: 'polygon',
      points: [
        [10, 10],
        [20, 10],
        [15, 30],
      ],
    });
    // Label-definition keys (colour, shortcut) describe the label, not this object.
    expect(back.voc_objects[0]?.properties).toBeUndefined();
    expect(voc_object_properties[0]?.pose).toBe('0'); // the caller's dict is left alone
  });

  it('refuses broken files with the reason and the path', async () => {
    const bad = join(dir, 'bad.xml');
    writeFileSync(bad, '<annotation><object><name>a</name><bndbox><xmin>1</xmin></bndbox><point><x>1</x><y>1</y></point></object></annotation>');
    const e = await PascalVoc.parseXml(bad).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(VocParseError);
    expect(String(e)).toContain('bad.xml');
    expect(String(e)).toMatch(/more than one shape/);
    expect(() => new VocObject({ name: 'x', properties: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[1, 2]] } })).toThrow(/needs 4 numbers/);
    expect(() => new VocObject({ name: 'x', mask_colour: '1,2,3' } as never)).toThrow(/did you mean 'mask_color'/);
  });
});

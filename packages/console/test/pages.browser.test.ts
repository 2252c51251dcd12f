import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Charginginfo, Dataset, Model, Network, type Predictor, RootVolume, Server, ServerManagement, type Session } from '@modelarts-ts/sdk';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleFixture, consoleFixture, noBrowser, shot } from './browser.js';
import { png, vocXml, writeFileStatsModel, writeSumModel } from './pages-data.js';

/**
 * The models, services, datasets and Lite Servers pages in a real browser on a real platform; the resources are
 * made through the SDK, then read, drawn and acted on through the console.
 */

const BUCKET = 'console-pages';
let f: ConsoleFixture;
let session: Session;
let work: string;
let model: Model;
let predictor: Predictor;
let dataset: Dataset;

/** A logged-in page of its own (own cookies) at `/-/console/<path>`. */
async function open(path: string): Promise<Page> {
  const { page } = await f.newPage();
  await page.goto(f.url(path));
  return page;
}

describe.skipIf(noBrowser)('console pages: models, services, datasets, Lite Servers', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'console-pages-'));
    f = await consoleFixture({
      liteServerTransitionSeconds: 0,
      trainingPython: execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim(),
    });
    session = f.session;
    await session.obs.makeBucket(BUCKET);
    // A Pascal VOC folder: street_1 has 3 boxes (2 cars, a person), street_2 one, street_3 none.
    const objects1 = [
      { name: 'car', box: [20, 60, 140, 150] as [number, number, number, number] },
      { name: 'car', box: [170, 90, 300, 200] as [number, number, number, number] },
      { name: 'person', box: [110, 20, 160, 190] as [number, number, number, number] },
    ];
    await session.obs.write(`obs://${BUCKET}/voc/street_1.png`, png(320, 240, 1));
    await session.obs.write(`obs://${BUCKET}/voc/street_1.xml`, vocXml('street_1.png', 320, 240, objects1));
    await session.obs.write(`obs://${BUCKET}/voc/street_2.png`, png(320, 240, 2));
    await session.obs.write(`obs://${BUCKET}/voc/street_2.xml`, vocXml('street_2.png', 320, 240, [{ name: 'person', box: [40, 30, 120, 220] }]));
    await session.obs.write(`obs://${BUCKET}/voc/street_3.png`, png(320, 240, 3));
    const created = await Dataset.createDataset(session, {
      dataset_name: 'streets',
      data_type: 'IMAGE',
      data_sources: { type: 0, path: `/${BUCKET}/voc/`, annotation_config: { scene: 'object_detection', format_name: 'ModelArts PASCAL VOC 1.0' } },
      work_path: { type: 0, path: `/${BUCKET}/work/` },
    });
    dataset = new Dataset(session, created.dataset_id);
    await dataset.waitForImport(created.import_task_id as string);
    await dataset.waitForVersion((await dataset.createVersion({})).version_id);

    await session.obs.copy(writeSumModel(join(work, 'sum')), `obs://${BUCKET}/sum/`, { keep_last_dir: false });
    model = await Model.create(session, { model_name: 'sum_model', model_version: '1.0.0', source_location: `obs://${BUCKET}/sum/`, model_type: 'PyTorch' });
    predictor = await model.deployPredictor({
      service_name: 'sum_service',
      configs: [{ model_id: await model.getModelId(), weight: 100, instance_count: 1, specification: 'modelarts.vm.cpu.2u' }],
    });
  }, 240_000);
  afterAll(async () => {
    await f?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('lists models and shows a model with its APIs and config', async () => {
    const page = await open('models');
    await page.getByRole('link', { name: 'sum_model' }).waitFor();
    await expect(page.getByRole('table', { name: 'Models' }).getByText('published')).toBeTruthy();
    await shot(page, 'models');
    await page.getByRole('link', { name: 'sum_model' }).click();
    await page.getByLabel('Model APIs').waitFor();
    expect(await page.getByLabel('Model APIs').textContent()).toContain('"url": "/"');
    expect(await page.getByLabel('Model config').textContent()).toContain('predict_analysis');
    await shot(page, 'model-detail');
  });

  it('refuses to delete a model a service uses, and shows why', async () => {
    const page = await open(`models/${await model.getModelId()}`);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete model' }).getByRole('button', { name: 'Delete' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^ModelArts\.3009: The model is used by service /);
    expect((await model.getModelInfo()).model_status).toBe('published');
  });

  it("sends a JSON body from the service's test panel and shows the model's answer and the latency", async () => {
    const page = await open('services');
    await page.getByRole('link', { name: 'sum_service' }).waitFor();
    await shot(page, 'services');
    await page.getByRole('link', { name: 'sum_service' }).click();
    await page.getByRole('table', { name: 'Service configs' }).waitFor();
    await shot(page, 'service-detail');
    await page.getByRole('tab', { name: 'Test' }).click();
    const body = page.getByLabel('Request body (JSON)');
    await body.fill('{"x": [1, 2, 3.5]}');
    await page.getByRole('button', { name: 'Send' }).click();
    // The answer, or the error the panel shows instead (a loaded machine may be slow to answer, never silent).
    const answer = page.locator('.test-answer');
    await page.locator('.test-answer, .test-panel [role=alert]').first().waitFor({ timeout: 50_000 });
    expect(await page.locator('.test-panel [role=alert]').count(), (await page.locator('.test-panel').textContent()) ?? '').toBe(0);
    expect(JSON.parse((await answer.textContent()) ?? '')).toEqual({ sum: 6.5, count: 3 });
    expect(await page.locator('.latency').getAttribute('data-ms')).toMatch(/^\d+$/);
    await shot(page, 'service-test');
    // The call went through the service: its counter moved.
    expect((await predictor.getServiceInfo()).invocation_times).toBe(1);
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByText('1 call, none failed').waitFor();
    await page.getByRole('tab', { name: 'Monitor' }).click();
    await page.locator('.chart[data-points="2"]').first().waitFor({ timeout: 20_000 });
    await shot(page, 'service-monitor');
  });

  it("sends a chosen file from the test panel of a multipart model's service", async () => {
    await session.obs.copy(writeFileStatsModel(join(work, 'files')), `obs://${BUCKET}/files/`, { keep_last_dir: false });
    const files = await Model.create(session, {
      model_name: 'file_model',
      model_version: '1.0.0',
      source_location: `obs://${BUCKET}/files/`,
      model_type: 'PyTorch',
    });
    const service = await files.deployPredictor({
      service_name: 'file_service',
      configs: [{ model_id: await files.getModelId(), weight: 100, instance_count: 1, specification: 'modelarts.vm.cpu.2u' }],
    });
    const page = await open(`services/${service.service_id}`);
    await page.getByRole('tab', { name: 'Test' }).click();
    await page.getByLabel('Request file').setInputFiles({ name: 'three-lines.txt', mimeType: 'text/plain', buffer: Buffer.from('a\nb\nc\n') });
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = page.locator('.test-answer');
    await answer.waitFor();
    expect(JSON.parse((await answer.textContent()) ?? '')).toEqual({ files: { 'three-lines.txt': { field: 'file', bytes: 6, lines: 3 } } });
    await service.deleteService();
  });

  it('stops and starts a service from its page', async () => {
    const page = await open(`services/${predictor.service_id}`);
    page.on('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Start' }).waitFor({ timeout: 60_000 });
    expect((await predictor.getServiceInfo()).status).toBe('stopped');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('button', { name: 'Stop' }).waitFor({ timeout: 120_000 });
    expect((await predictor.getServiceInfo()).status).toBe('running');
  });

  it('draws exactly the VOC boxes of a known image over it, with label names, and filters by label', async () => {
    const page = await open('datasets');
    await page.getByRole('link', { name: 'streets' }).waitFor();
    await shot(page, 'datasets');
    await page.getByRole('link', { name: 'streets' }).click();
    const street1 = page.locator('figure.sample[data-sample="street_1.png"]');
    await street1.waitFor();
    // The image decoded (the overlay uses its real size) and the three boxes are drawn over it.
    await street1.locator('svg.annotations[viewBox="0 0 320 240"]').waitFor();
    expect(await street1.locator('svg .shape').count()).toBe(3);
    expect(await street1.locator('svg rect.shape[data-label="car"]').count()).toBe(2);
    expect(await street1.locator('svg rect.shape[data-label="person"]').count()).toBe(1);
    const first = street1.locator('svg rect.shape').first();
    expect([await first.getAttribute('x'), await first.getAttribute('y'), await first.getAttribute('width'), await first.getAttribute('height')]).toEqual([
      '20',
      '60',
      '120',
      '90',
    ]);
    expect(await street1.locator('svg text.shape-name').allTextContents()).toEqual(['car', 'car', 'person']);
    // One colour per label.
    const strokes = await street1.locator('svg .shape').evaluateAll((els) => els.map((e) => e.getAttribute('stroke')));
    expect(strokes[0]).toBe(strokes[1]);
    expect(strokes[0]).not.toBe(strokes[2]);
    expect(await page.locator('figure.sample[data-sample="street_2.png"] svg .shape').count()).toBe(1);
    expect(await page.locator('figure.sample[data-sample="street_3.png"] svg .shape').count()).toBe(0);
    expect(await page.locator('figure.sample img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth))).toEqual([320, 320, 320]);
    await shot(page, 'dataset-detail');

    await page.getByLabel('Sample filter').selectOption('unlabelled');
    await page.locator('figure.sample').first().waitFor();
    await expect.poll(async () => page.locator('figure.sample').evaluateAll((els) => els.map((e) => e.getAttribute('data-sample')))).toEqual(['street_3.png']);
    await page.getByLabel('Sample filter').selectOption('label:car');
    await expect.poll(async () => page.locator('figure.sample').evaluateAll((els) => els.map((e) => e.getAttribute('data-sample')))).toEqual(['street_1.png']);

    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByRole('cell', { name: 'V001 (current)' }).waitFor();
    await shot(page, 'dataset-versions');
  });

  it('offers only the actions a Lite Server status allows, and acts through the REST API', async () => {
    // Fake-cloud servers: the network and image ids are the manual's examples.
    const server = await ServerManagement.create(
      session,
      new Server({
        name: 'console-server',
        flavor: 's7.small.1',
        image_id: 'e16eff65-1899-446e-baf2-0d2b6b5dd8c0',
        key_pair_name: 'KeyPair-3d6a',
        network: new Network({
          security_group_id: '150a2c76-1334-45f6-b28f-419f9b1d1742',
          subnet_id: '38cf274a-98f9-4f6f-b622-5ed0e4a3db54',
          vpc_id: '05982b48-a70f-43a1-a2b0-1fe36a236172',
        }),
        root_volume: new RootVolume({ root_type: 'SSD', size: '200' }),
        charging_info: new Charginginfo({ charging_mode: 'POST_PAID', period_num: 1, period_type: 'MONTH' }),
        arch: 'X86',
      }),
    );
    const page = await open('lite-servers');
    page.on('dialog', (d) => void d.accept());
    const row = page.getByRole('row').filter({ hasText: 'console-server' });
    await row.getByText('RUNNING').waitFor({ timeout: 30_000 });
    const buttons = async () => (await row.getByRole('button').allTextContents()).map((t) => t.trim());
    expect(await buttons()).toEqual(['Stop', 'Reboot', 'Delete']);
    await shot(page, 'lite-servers');
    await row.getByRole('button', { name: 'Stop' }).click();
    await row.getByText('STOPPED').waitFor({ timeout: 30_000 });
    expect(await buttons()).toEqual(['Start', 'Delete']);
    expect((await ServerManagement.getServerInfo(session, server.id)).status).toBe('STOPPED');
    await row.getByRole('link', { name: 'console-server' }).click();
    await page.getByRole('table', { name: 'Volumes' }).waitFor();
    await shot(page, 'lite-server-detail');
  });

  it('deletes the service from its page, then the model with every version of its name (cascade)', async () => {
    const second = await Model.create(session, {
      model_name: 'sum_model',
      model_version: '1.0.1',
      source_location: `obs://${BUCKET}/sum/`,
      model_type: 'PyTorch',
    });
    const page = await open(`services/${predictor.service_id}`);
    page.on('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('table', { name: 'Services' }).waitFor();
    await expect
      .poll(async () => (await predictor.getServiceInfo().catch((e: { error_code?: string }) => e)) as unknown, { timeout: 60_000 })
      .toMatchObject({ error_code: 'ModelArts.3502' });

    await page.goto(f.url(`models/${await second.getModelId()}`));
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete model' });
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('table', { name: 'Models' }).waitFor();
    expect((await Model.getModelList(session, { model_name: 'sum_model' })).models).toEqual([]);
  });

  it('raised no error in any page (exceptions, CSP violations)', () => {
    expect(f.pageErrors).toEqual([]);
  });
});

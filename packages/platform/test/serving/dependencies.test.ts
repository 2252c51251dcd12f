import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, tempDir, trainingFixture } from '../training/helpers.js';
import { createModel, deploy, infer, realtime, token, uploadModel, waitModel, waitService } from './helpers.js';

let f: Fixture;
let tok: string;
const tmp = tempDir('serving-deps');

beforeAll(async () => {
  f = await trainingFixture();
  tok = await token(f.p);
  await f.client.bucket('deps');
}, 60_000);
afterAll(async () => {
  await f?.close();
  tmp.remove();
});

const CODE = `
import greeting
from model_service.model_service import SingleNodeService


class Greeter(SingleNodeService):
    def _inference(self, data):
        return {'greeting': greeting.hello(data['name'])}
`;

/** A ready wheel (a zip with the module and its metadata): building one would need setuptools from the network. */
function wheel(): Buffer {
  const file = join(tmp.dir, 'greeting-1.0-py3-none-any.whl');
  execFileSync('python3', [
    '-c',
    `
import zipfile, sys
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('greeting.py', 'def hello(n):\\n    return "hello " + n\\n')
    z.writestr('greeting-1.0.dist-info/METADATA', 'Metadata-Version: 2.1\\nName: greeting\\nVersion: 1.0\\n')
    z.writestr('greeting-1.0.dist-info/WHEEL', 'Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n')
    z.writestr('greeting-1.0.dist-info/RECORD', '')
`,
    file,
  ]);
  return readFileSync(file);
}

async function greeter(name: string, packageName: string): Promise<string> {
  const config = {
    model_type: 'MindSpore',
    model_algorithm: 'predict_analysis',
    dependencies: [{ installer: 'pip', packages: [{ package_name: packageName }] }],
  };
  await uploadModel(f.client, 'deps', `${name}/`, {
    'config.json': JSON.stringify(config),
    'customize_service.py': CODE,
    'greeting-1.0-py3-none-any.whl': wheel() as unknown as string,
  });
  const id = await createModel(f.client, { model_name: name, model_version: '1.0.0', source_location: `obs://deps/${name}/`, model_type: 'MindSpore' });
  expect((await waitModel(f.client, id)).model_status).toBe('published');
  return id;
}

describe('model dependencies', () => {
  it('installs them once into the model folder before the servers start, for two services deployed at once', async () => {
    const model = await greeter('greeter', 'greeting-1.0-py3-none-any.whl');
    const [first, second] = await Promise.all([
      deploy(f.client, realtime('greet-1', [{ model_id: model, instance_count: 2 }])),
      deploy(f.client, realtime('greet-2', [{ model_id: model }])),
    ]);
    for (const id of [first, second]) {
      const s = await waitService(f.client, id, ['running', 'failed']);
      expect(s.status, s.error_msg).toBe('running');
      const r = await infer(f.p, tok, id, '{"name":"local"}');
      expect(r.json).toEqual({ greeting: 'hello local' });
    }
    const events = await Promise.all(
      [first, second].map((id) => f.client.call('services.events', { params: { service_id: id }, query: { event_info: 'dependencies' } })),
    );
    // Installed once: whichever deployment came first ran pip.
    expect(events.reduce((n, e) => n + e.count, 0)).toBe(1);
  }, 120_000);

  it("fails the deployment with pip's message when an install fails", async () => {
    const model = await greeter('broken-deps', 'missing-2.0-py3-none-any.whl');
    const id = await deploy(f.client, realtime('broken', [{ model_id: model }]));
    const s = await waitService(f.client, id, ['running', 'failed']);
    expect(s.status).toBe('failed');
    expect(s.error_msg).toMatch(/pip install missing-2\.0-py3-none-any\.whl failed/);
    const events = await f.client.call('services.events', { params: { service_id: id }, query: { event_type: 'abnormal' } });
    expect(events.events[0]?.event_info).toMatch(/ERROR/);
    expect((await infer(f.p, tok, id, '{"name":"x"}')).json.error_code).toBe('ModelArts.4203');
  }, 120_000);
});

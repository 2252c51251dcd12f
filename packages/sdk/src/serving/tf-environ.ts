import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** What `configure_tf_infer_environ` found and set. */
export interface TfInferEnviron {
  device_type: 'CPU' | 'GPU';
  /** Path of `tensorflow_model_server` on this machine, or null when it is not installed. */
  tensorflow_model_server: string | null;
}

/** The device local TensorFlow services run on. */
let tfDevice: 'CPU' | 'GPU' | undefined;

/** Chooses the device of local TensorFlow services (CPU hides the GPUs from them) and finds `tensorflow_model_server`. */
export async function configureTfDevice(device_type: 'CPU' | 'GPU'): Promise<TfInferEnviron> {
  tfDevice = device_type;
  return { device_type, tensorflow_model_server: await onPath('tensorflow_model_server') };
}

/** Environment a local model server gets for the device chosen. */
export function tfDeviceEnv(): Record<string, string> {
  return tfDevice === 'CPU' ? { CUDA_VISIBLE_DEVICES: '-1' } : {};
}

async function onPath(cmd: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, cmd);
    if (
      await access(p).then(
        () => true,
        () => false,
      )
    )
      return p;
  }
  return null;
}

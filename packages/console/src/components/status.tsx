/** A coloured badge for any resource status (jobs, services, models, datasets, servers). */

const TONES: Record<string, string> = {
  running: 'run',
  deploying: 'run',
  creating: 'run',
  publishing: 'run',
  starting: 'run',
  stopping: 'run',
  terminating: 'run',
  pending: 'wait',
  waiting: 'wait',
  queuing: 'wait',
  creating_image: 'wait',
  completed: 'ok',
  published: 'ok',
  active: 'ok',
  normal: 'ok',
  finished: 'ok',
  succeeded: 'ok',
  failed: 'bad',
  abnormal: 'bad',
  error: 'bad',
  lost: 'bad',
  concerning: 'bad',
  create_failed: 'bad',
  terminated: 'off',
  stopped: 'off',
  deleted: 'off',
  shutoff: 'off',
  // Service configs, model builds, dataset tasks and Lite Server operations.
  ready: 'ok',
  notready: 'bad',
  building: 'run',
  building_failed: 'bad',
  deleting: 'run',
  importing: 'run',
  synchronizing: 'run',
  rebooting: 'run',
  changingos: 'run',
  reinstallingos: 'run',
  start_failed: 'bad',
  stop_failed: 'bad',
  reboot_failed: 'bad',
  changingos_failed: 'bad',
  reinstallingos_failed: 'bad',
  delete_failed: 'bad',
};

/** Tone of a status: run, wait, ok, bad, off (or plain when unknown). */
export function statusTone(status: string | undefined): string {
  return TONES[(status ?? '').toLowerCase().replace(/[\s-]+/g, '_')] ?? 'plain';
}

export function StatusBadge(props: { status: string | undefined }) {
  const s = props.status ?? '-';
  return <span class={`badge badge-${statusTone(s)}`}>{s}</span>;
}

/** A service's CPU and memory charts: the monitor operation polled, each answer one more point per model. */
import { useEffect, useState } from 'preact/hooks';
import { call } from '../api.js';
import { LineChart } from '../components/chart.js';
import { ErrorBox, Loading } from '../components/page.js';
import { addSnapshot, formatUsage, type MonitorHistory, series } from '../serving/monitor.js';

const POLL_MS = 2000;

export function ServiceMonitorCharts(props: { serviceId: string }) {
  const [history, setHistory] = useState<MonitorHistory>({});
  const [names, setNames] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const ac = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const m = await call('services.monitor', { params: { service_id: props.serviceId }, signal: ac.signal });
        if (ac.signal.aborted) return;
        setHistory((h) => addSnapshot(h, m, Date.now()));
        setNames(Object.fromEntries(m.monitors.map((x) => [x.model_id, `${x.model_name} ${x.model_version}`])));
        setError(undefined);
      } catch (e) {
        if (ac.signal.aborted) return;
        setError(e);
      }
      timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      ac.abort();
      clearTimeout(timer);
    };
  }, [props.serviceId]);
  const models = Object.keys(history);
  return (
    <div class="monitor">
      <ErrorBox error={error} />
      {models.length === 0 && !error ? <Loading /> : null}
      {models.map((id) => {
        const points = history[id] ?? [];
        const last = points[points.length - 1];
        const [times, cpu] = series(points, 'cpu');
        const [, memory] = series(points, 'memory');
        return (
          <div key={id} class="monitor-model">
            <h2>{names[id] ?? id}</h2>
            {last ? (
              <p class="muted">
                CPU {formatUsage(last.cpu, last.cpuTotal, 'cores')} · memory {formatUsage(last.memory, last.memoryTotal, 'MB')}
              </p>
            ) : null}
            <div class="charts">
              <LineChart title="CPU (cores)" time x={times} series={[{ label: 'CPU', values: cpu }]} />
              <LineChart title="Memory (MB)" time x={times} unit=" MB" series={[{ label: 'Memory', values: memory }]} />
            </div>
          </div>
        );
      })}
    </div>
  );
}

/** A uPlot line chart that follows its container's width: x is time (epoch seconds) or a plain number (a sample index). */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  /** One value per x (null: no point). */
  values: Array<number | null>;
  color?: string;
}

const COLORS = ['#2f6fde', '#d9480f', '#2b8a3e', '#862e9c', '#e67700'];

export function LineChart(props: {
  title: string;
  /** Epoch seconds when `time`, else any increasing numbers. */
  x: number[];
  time?: boolean;
  xLabel?: string;
  series: ChartSeries[];
  unit?: string;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const shape = props.series.map((s) => s.label).join('\n');
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const unit = props.unit ?? '';
    const opts: uPlot.Options = {
      title: props.title,
      width: Math.max(200, el.clientWidth),
      height: props.height ?? 220,
      series: [
        { label: props.xLabel ?? (props.time ? 'Time' : 'x') },
        ...props.series.map((s, i) => ({
          label: s.label,
          stroke: s.color ?? COLORS[i % COLORS.length],
          width: 2,
          points: { show: true, size: 4 },
          value: (_u: uPlot, v: number | null) => (v === null ? '-' : `${Number(v.toFixed(2))}${unit}`),
        })),
      ],
      scales: { x: { time: props.time ?? false } },
      axes: [props.xLabel ? { label: props.xLabel } : {}, { values: (_u, vals) => vals.map((v) => `${v}${unit}`), size: 60 }],
    };
    const u = new uPlot(opts, [props.x, ...props.series.map((s) => s.values)] as uPlot.AlignedData, el);
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: props.height ?? 220 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = undefined;
    };
  }, [shape]);
  useEffect(() => {
    plot.current?.setData([props.x, ...props.series.map((s) => s.values)] as uPlot.AlignedData);
  }, [props.x, props.series]);
  return <div class="chart" ref={box} data-points={props.x.length} role="img" aria-label={`${props.title}: ${props.x.length} points`} />;
}

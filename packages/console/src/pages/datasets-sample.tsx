/** One sample of the gallery: its image from OBS (with the session) and its annotations drawn over it in SVG. */
import type { DatasetSample } from '@modelarts-ts/contract';
import { useMemo, useState } from 'preact/hooks';
import { sampleImageUrl } from '../annotations/object-url.js';
import { type DrawnLabel, drawSample, type Shape, svgPoints } from '../annotations/shapes.js';

function ShapeSvg(props: { d: DrawnLabel; stroke: number }) {
  const { d, stroke } = props;
  const common = { class: 'shape', 'data-label': d.name, stroke: d.color, 'stroke-width': stroke, fill: 'none' };
  const s = d.shape;
  switch (s.kind) {
    case 'rect':
      return <rect {...common} data-shape="bndbox" x={s.x} y={s.y} width={s.width} height={s.height} />;
    case 'polygon':
      return <polygon {...common} data-shape="polygon" points={svgPoints(s.points)} fill={d.color} fill-opacity={0.15} />;
    case 'polyline':
      return <polyline {...common} data-shape="polyline" points={svgPoints(s.points)} />;
    case 'line':
      return (
        <line {...common} data-shape="line" x1={s.x1} y1={s.y1} x2={s.x2} y2={s.y2} stroke-dasharray={s.dashed ? `${stroke * 3} ${stroke * 2}` : undefined} />
      );
    case 'circle':
      return <circle {...common} data-shape="circle" cx={s.cx} cy={s.cy} r={s.r} />;
    case 'point':
      return <circle {...common} data-shape="point" cx={s.cx} cy={s.cy} r={stroke * 2.5} fill={d.color} />;
  }
}

function cornersOf(s: Shape): Array<readonly [number, number]> {
  switch (s.kind) {
    case 'rect':
      return [[s.x + s.width, s.y + s.height]];
    case 'polygon':
    case 'polyline':
      return s.points;
    case 'line':
      return [
        [s.x1, s.y1],
        [s.x2, s.y2],
      ];
    case 'circle':
      return [[s.cx + s.r, s.cy + s.r]];
    case 'point':
      return [[s.cx, s.cy]];
  }
}

/** The extent of the shapes, for samples whose image does not decode (the drawing still shows). */
function extentOf(shapes: readonly DrawnLabel[]): [number, number] {
  let w = 1;
  let h = 1;
  for (const d of shapes)
    for (const [x, y] of cornersOf(d.shape)) {
      w = Math.max(w, x);
      h = Math.max(h, y);
    }
  return [Math.ceil(w * 1.05), Math.ceil(h * 1.05)];
}

export function SampleCard(props: { sample: DatasetSample; colors: Record<string, string> }) {
  const { sample } = props;
  const drawing = useMemo(() => drawSample(sample.labels, props.colors), [sample.labels, props.colors]);
  const [size, setSize] = useState<[number, number] | undefined>();
  const [broken, setBroken] = useState(false);
  const src = sampleImageUrl(sample.source);
  const [w, h] = size ?? extentOf(drawing.shapes);
  // Strokes and text stay readable whatever the image's resolution.
  const stroke = Math.max(1, Math.round(Math.max(w, h) / 200));
  return (
    <figure class="sample" data-sample={sample.sample_name} data-shapes={drawing.shapes.length}>
      <div class="sample-frame">
        {src && !broken ? (
          <img
            src={src}
            alt={sample.sample_name}
            loading="lazy"
            onLoad={(e) => {
              const img = e.currentTarget;
              if (img.naturalWidth > 0) setSize([img.naturalWidth, img.naturalHeight]);
            }}
            onError={() => setBroken(true)}
          />
        ) : (
          <div class="sample-missing">{broken ? 'image not readable' : 'no image'}</div>
        )}
        {drawing.shapes.length > 0 ? (
          <svg class="annotations" viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="xMidYMid meet" role="img" aria-label={`${drawing.shapes.length} annotations`}>
            {drawing.shapes.map((d, i) => (
              <g key={i}>
                <ShapeSvg d={d} stroke={stroke} />
                <text class="shape-name" x={d.anchor[0] + stroke} y={Math.max(d.anchor[1] - stroke * 2, stroke * 7)} fill={d.color} font-size={stroke * 7}>
                  {d.name}
                </text>
              </g>
            ))}
          </svg>
        ) : null}
      </div>
      <figcaption>
        <span class="sample-name" title={sample.sample_name}>
          {sample.sample_name}
        </span>
        {drawing.tags.map((t) => (
          <span key={t.name} class="label-chip" style={{ borderColor: t.color, color: t.color }}>
            {t.name}
          </span>
        ))}
        {drawing.invalid.length > 0 ? (
          <span class="error-text" title={drawing.invalid.map((x) => `${x.name}: ${x.reason}`).join('\n')}>
            {drawing.invalid.length} unreadable
          </span>
        ) : null}
        {sample.import_error ? <span class="error-text">{sample.import_error}</span> : null}
      </figcaption>
    </figure>
  );
}

import { axisBottom, axisLeft } from 'd3-axis';
import { contours } from 'd3-contour';
import { drag } from 'd3-drag';
import { geoPath, geoTransform } from 'd3-geo';
import { scaleLinear, scaleLog } from 'd3-scale';
import { interpolateViridis } from 'd3-scale-chromatic';
import { pointer, select } from 'd3-selection';
import { line } from 'd3-shape';
import type { LossGrid, PathPoint, Surface, Vec2 } from '../../src/shared/charts/gradientDescent';
import { clampToBox } from '../../src/shared/charts/gradientDescent';

/**
 * d3 drawing of the gradient-descent page: the 1-D curve with the descent path, the 2-D
 * contour plot with trajectories, and loss-vs-step curves. They only draw what they are given.
 */
const M = { top: 12, right: 16, bottom: 34, left: 52 };

export interface Curve1DData {
  readonly curve: readonly { x: number; y: number }[];
  readonly points: readonly PathPoint[];
  /** Steps drawn: points[0..shown]. */
  readonly shown: number;
  readonly domain: readonly [number, number];
}

export function drawCurve1D(
  container: HTMLElement,
  d: Curve1DData,
  o: { width: number; height: number; xLabel: string; yLabel: string; onStart?: (x: number) => void; startLabel: string },
): void {
  container.replaceChildren();
  const w = o.width - M.left - M.right;
  const h = o.height - M.top - M.bottom;
  const yMax = Math.max(...d.curve.map((p) => p.y));
  const yMin = Math.min(0, ...d.curve.map((p) => p.y));
  const x = scaleLinear()
    .domain(d.domain as [number, number])
    .range([0, w]);
  const y = scaleLinear().domain([yMin, yMax]).nice().range([h, 0]);
  const svg = select(container)
    .append('svg')
    .attr('class', 'chart curve1d')
    .attr('width', o.width)
    .attr('height', o.height)
    .attr('role', 'img')
    .attr('aria-label', o.yLabel);
  svg.append('defs').append('clipPath').attr('id', 'clip1d').append('rect').attr('width', w).attr('height', h);
  const g = svg.append('g').attr('transform', `translate(${M.left},${M.top})`);
  g.append('g').attr('class', 'axis x').attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(8));
  g.append('g').attr('class', 'axis y').call(axisLeft(y).ticks(6));
  g.append('text')
    .attr('class', 'axis-label')
    .attr('x', w)
    .attr('y', h + 30)
    .attr('text-anchor', 'end')
    .text(o.xLabel);
  g.append('text').attr('class', 'axis-label').attr('x', 0).attr('y', -2).text(o.yLabel);
  const plot = g.append('g').attr('clip-path', 'url(#clip1d)');
  plot
    .append('path')
    .attr('class', 'curve')
    .attr('fill', 'none')
    .attr(
      'd',
      line<{ x: number; y: number }>()
        .x((p) => x(p.x))
        .y((p) => y(p.y))(d.curve as { x: number; y: number }[]),
    );
  const cx = (p: PathPoint) => x(Math.min(d.domain[1], Math.max(d.domain[0], Number.isFinite(p.x) ? p.x : Math.sign(p.x) * 1e9)));
  const cy = (p: PathPoint) => (Number.isFinite(p.y) ? Math.max(-5, y(p.y)) : -5);
  const pts = d.points.slice(0, d.shown + 1);
  plot.append('path').attr('class', 'descent').attr('fill', 'none').attr('d', line<PathPoint>().x(cx).y(cy)(pts));
  plot
    .selectAll('circle.step')
    .data(pts)
    .join('circle')
    .attr('class', (p, i) => `step${p.flat ? ' flat' : ''}${p.outside ? ' outside' : ''}${i === pts.length - 1 ? ' current' : ''}`)
    .attr('cx', cx)
    .attr('cy', cy)
    .attr('r', (_, i) => (i === pts.length - 1 ? 6 : 3.5))
    .append('title')
    .text((p) => `x${p.step} = ${p.x}`);
  // Tangent at the current point: the slope the next step follows.
  const cur = pts[pts.length - 1];
  if (cur && Number.isFinite(cur.x) && Number.isFinite(cur.grad) && !cur.outside) {
    const dx = (d.domain[1] - d.domain[0]) / 10;
    plot
      .append('line')
      .attr('class', 'tangent')
      .attr('x1', x(cur.x - dx))
      .attr('y1', y(cur.y - cur.grad * dx))
      .attr('x2', x(cur.x + dx))
      .attr('y2', y(cur.y + cur.grad * dx));
  }
  const start = d.points[0];
  if (start && o.onStart) {
    const handle = g
      .append('g')
      .attr('class', 'start-handle')
      .attr('tabindex', 0)
      .attr('role', 'slider')
      .attr('aria-label', o.startLabel)
      .attr('aria-valuenow', start.x)
      .attr('transform', `translate(${cx(start)},${h})`);
    handle.append('path').attr('d', 'M0,0 L-8,14 L8,14 Z');
    handle.append('title').text(o.startLabel);
    handle.call(
      drag<SVGGElement, unknown>()
        .on('drag', (e: { x: number }) => {
          const v = Math.min(d.domain[1], Math.max(d.domain[0], x.invert(e.x)));
          handle.attr('transform', `translate(${x(v)},${h})`);
        })
        .on('end', (e: { x: number }) => o.onStart!(Number(Math.min(d.domain[1], Math.max(d.domain[0], x.invert(e.x))).toFixed(2)))),
    );
    handle.on('keydown', (e: KeyboardEvent) => {
      const step = e.key === 'ArrowRight' || e.key === 'ArrowUp' ? 0.1 : e.key === 'ArrowLeft' || e.key === 'ArrowDown' ? -0.1 : 0;
      if (!step) return;
      e.preventDefault();
      o.onStart!(Number(Math.min(d.domain[1], Math.max(d.domain[0], start.x + step)).toFixed(2)));
    });
  }
}

export interface Trajectory {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly dashed: boolean;
  readonly path: readonly Vec2[];
}

export function drawContours2D(
  container: HTMLElement,
  d: { surface: Surface; grid: LossGrid; thresholds: number[]; trajectories: readonly Trajectory[]; shown: number },
  o: { width: number; height: number; onStart?: (p: Vec2) => void; startLabel: string },
): void {
  container.replaceChildren();
  const s = d.surface;
  const w = o.width - M.left - M.right;
  const h = o.height - M.top - M.bottom;
  const x = scaleLinear()
    .domain(s.x as [number, number])
    .range([0, w]);
  const y = scaleLinear()
    .domain(s.y as [number, number])
    .range([h, 0]);
  const svg = select(container)
    .append('svg')
    .attr('class', 'chart contours2d')
    .attr('width', o.width)
    .attr('height', o.height)
    .attr('role', 'img')
    .attr('aria-label', s.formula);
  svg.append('defs').append('clipPath').attr('id', 'clip2d').append('rect').attr('width', w).attr('height', h);
  const g = svg.append('g').attr('transform', `translate(${M.left},${M.top})`);
  const plot = g.append('g').attr('clip-path', 'url(#clip2d)');
  const { nx, ny } = d.grid;
  const proj = geoTransform({
    point(gx: number, gy: number) {
      this.stream.point(x(s.x[0] + ((gx - 0.5) * (s.x[1] - s.x[0])) / (nx - 1)), y(s.y[0] + ((gy - 0.5) * (s.y[1] - s.y[0])) / (ny - 1)));
    },
  });
  const path = geoPath(proj);
  const levels = contours().size([nx, ny]).thresholds(d.thresholds)(d.grid.values as number[]);
  plot.append('rect').attr('class', 'plot-bg').attr('width', w).attr('height', h);
  plot
    .selectAll('path.contour')
    .data(levels)
    .join('path')
    .attr('class', 'contour')
    .attr('d', path)
    .attr('stroke', (_, i) => interpolateViridis(i / Math.max(1, levels.length - 1)))
    .attr('fill', (_, i) => interpolateViridis(i / Math.max(1, levels.length - 1)));
  plot
    .append('path')
    .attr('class', 'minimum')
    .attr('d', `M${x(s.minimum[0]) - 6},${y(s.minimum[1])}h12M${x(s.minimum[0])},${y(s.minimum[1]) - 6}v12`);
  g.append('g').attr('class', 'axis x').attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(7));
  g.append('g').attr('class', 'axis y').call(axisLeft(y).ticks(6));
  g.append('text')
    .attr('class', 'axis-label')
    .attr('x', w)
    .attr('y', h + 30)
    .attr('text-anchor', 'end')
    .text('x');
  g.append('text').attr('class', 'axis-label').attr('x', -40).attr('y', 4).text('y');
  const lineOf = line<Vec2>()
    .x((p) => x(clampToBox(s, p)[0]))
    .y((p) => y(clampToBox(s, p)[1]));
  for (const t of d.trajectories) {
    const pts = t.path.slice(0, d.shown + 1);
    const tg = plot.append('g').attr('class', `trajectory ${t.key}${t.dashed ? ' reference' : ' learner'}`);
    tg.append('path')
      .attr('fill', 'none')
      .attr('stroke', t.color)
      .attr('stroke-width', t.dashed ? 1.5 : 2.5)
      .attr('stroke-dasharray', t.dashed ? '5 4' : null)
      .attr('d', lineOf(pts));
    const last = pts[pts.length - 1];
    if (last)
      tg.append('circle')
        .attr('r', t.dashed ? 3 : 5)
        .attr('fill', t.dashed ? 'none' : t.color)
        .attr('stroke', t.color)
        .attr('cx', x(clampToBox(s, last)[0]))
        .attr('cy', y(clampToBox(s, last)[1]))
        .append('title')
        .text(`${t.label}: (${last[0].toPrecision(4)}, ${last[1].toPrecision(4)})`);
  }
  const start = d.trajectories[0]?.path[0];
  if (start && o.onStart) {
    plot
      .append('circle')
      .attr('class', 'start')
      .attr('r', 6)
      .attr('cx', x(start[0]))
      .attr('cy', y(start[1]))
      .append('title')
      .text(o.startLabel);
    // A click (or a drag's end) on the chart moves the start point there.
    plot.on('click', (e: MouseEvent) => {
      const [px, py] = pointer(e, plot.node());
      o.onStart!([Number(x.invert(px).toFixed(2)), Number(y.invert(py).toFixed(2))]);
    });
  }
}

export interface LossSeries {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly dashed: boolean;
  readonly values: readonly number[];
}

export function drawLossChart(
  container: HTMLElement,
  series: readonly LossSeries[],
  o: { width: number; height: number; log: boolean; extent: [number, number]; xLabel: string; yLabel: string; marker?: number },
): void {
  container.replaceChildren();
  const w = o.width - M.left - M.right;
  const h = o.height - M.top - M.bottom;
  const n = Math.max(1, ...series.map((s) => s.values.length - 1));
  const x = scaleLinear().domain([0, n]).range([0, w]);
  const y = (o.log ? scaleLog() : scaleLinear()).domain(o.extent).range([h, 0]).clamp(true);
  if (!o.log) (y as ReturnType<typeof scaleLinear>).nice();
  const columns = w >= 480 ? 3 : 2;
  const svg = select(container)
    .append('svg')
    .attr('class', 'chart loss')
    .attr('width', o.width)
    .attr('height', o.height + 20 * Math.ceil(series.length / columns))
    .attr('role', 'img')
    .attr('aria-label', o.yLabel);
  const g = svg.append('g').attr('transform', `translate(${M.left},${M.top})`);
  g.append('g').attr('class', 'axis x').attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(8));
  g.append('g')
    .attr('class', 'axis y')
    .call(axisLeft(y).ticks(5, o.log ? '.0e' : undefined));
  g.append('text')
    .attr('class', 'axis-label')
    .attr('x', w)
    .attr('y', h + 30)
    .attr('text-anchor', 'end')
    .text(o.xLabel);
  g.append('text').attr('class', 'axis-label').attr('x', 0).attr('y', -2).text(o.yLabel);
  const ok = (v: number) => Number.isFinite(v) && (!o.log || v > 0);
  for (const s of series) {
    g.append('path')
      .attr('class', `series ${s.key}`)
      .attr('fill', 'none')
      .attr('stroke', s.color)
      .attr('stroke-width', s.dashed ? 1.5 : 2.5)
      .attr('stroke-dasharray', s.dashed ? '5 4' : null)
      .attr(
        'd',
        line<number>()
          .defined(ok)
          .x((_, i) => x(i))
          .y((v) => y(v))(s.values as number[]),
      );
  }
  if (o.marker !== undefined)
    g.append('line').attr('class', 'marker').attr('x1', x(o.marker)).attr('x2', x(o.marker)).attr('y1', 0).attr('y2', h);
  const legend = svg.append('g').attr('class', 'legend').attr('transform', `translate(${M.left},${o.height})`);
  series.forEach((s, i) => {
    const lg = legend.append('g').attr('transform', `translate(${(i % columns) * (w / columns)},${Math.floor(i / columns) * 20})`);
    lg.append('line')
      .attr('x1', 0)
      .attr('x2', 22)
      .attr('y1', 6)
      .attr('y2', 6)
      .attr('stroke', s.color)
      .attr('stroke-width', s.dashed ? 1.5 : 2.5)
      .attr('stroke-dasharray', s.dashed ? '5 4' : null);
    lg.append('text').attr('x', 28).attr('y', 10).text(s.label);
  });
}

import { extent, max, min } from 'd3-array';
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleBand, scaleLinear, scaleLog } from 'd3-scale';
import { schemeTableau10 } from 'd3-scale-chromatic';
import { select, type Selection } from 'd3-selection';
import { line } from 'd3-shape';
import { dataTable, el, type TableCell } from './dom';

/**
 * Small d3 drawing functions shared by the dataset-balance and training pages. Each one only
 * draws what it is given (data comes from the pure functions in src/shared/charts) into a
 * container it empties first, with theme colours from CSS variables and a colour-blind-safe
 * palette (Tableau 10). `chartTable` adds the table that stands behind every chart.
 */
export const PALETTE: readonly string[] = schemeTableau10;

/** Adds a chart's data table to `container`; hidden unless the page's "data tables" toggle is on (CSS: body.tables). */
export function chartTable(
  container: HTMLElement,
  caption: string,
  columns: readonly string[],
  rows: readonly (readonly TableCell[])[],
): HTMLTableElement {
  const table = dataTable(caption, columns, rows, formatNumber, 'data-table');
  container.append(table);
  return table;
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(3) : v.toPrecision(3);
}

export interface BarDatum {
  readonly group: string;
  readonly key: string;
  readonly value: number;
  readonly label?: string;
}

export interface GroupedBarsData {
  readonly groups: readonly string[];
  readonly keys: readonly string[];
  readonly values: readonly BarDatum[];
  readonly yLabel: string;
  /** Display names of keys (legend); defaults to the keys. */
  readonly keyNames?: readonly string[];
}

/** Grouped vertical bars: one group per split, one bar per class, value written above each bar. */
export function drawGroupedBars(
  container: HTMLElement,
  data: GroupedBarsData,
  o: { width?: number; height?: number; ariaLabel: string },
): void {
  container.replaceChildren();
  const width = o.width ?? 560;
  const height = o.height ?? 240;
  const m = { top: 20, right: 12, bottom: 44, left: 52 };
  const svg = select(container)
    .append('svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('class', 'chart bars')
    .attr('role', 'img')
    .attr('aria-label', o.ariaLabel);
  const x0 = scaleBand()
    .domain(data.groups as string[])
    .range([m.left, width - m.right])
    .paddingInner(0.2)
    .paddingOuter(0.1);
  const x1 = scaleBand()
    .domain(data.keys as string[])
    .range([0, x0.bandwidth()])
    .padding(0.08);
  const highest = max(data.values, (d) => d.value) ?? 1;
  const y = scaleLinear()
    .domain([0, highest > 0 ? highest : 1])
    .nice()
    .range([height - m.bottom, m.top]);
  const colour = (k: string) => PALETTE[data.keys.indexOf(k) % PALETTE.length]!;
  svg
    .append('g')
    .attr('class', 'axis x')
    .attr('transform', `translate(0,${height - m.bottom})`)
    .call(axisBottom(x0));
  svg.append('g').attr('class', 'axis y').attr('transform', `translate(${m.left},0)`).call(axisLeft(y).ticks(5));
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(12,${(height - m.bottom + m.top) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(data.yLabel);
  const bars = svg
    .append('g')
    .selectAll('g')
    .data(data.values)
    .join('g')
    .attr('transform', (d) => `translate(${(x0(d.group) ?? 0) + (x1(d.key) ?? 0)},0)`);
  bars
    .append('rect')
    .attr('class', 'bar')
    .attr('data-key', (d) => d.key)
    .attr('data-group', (d) => d.group)
    .attr('y', (d) => y(d.value))
    .attr('width', x1.bandwidth())
    .attr('height', (d) => Math.max(0, y(0) - y(d.value)))
    .attr('fill', (d) => colour(d.key))
    .append('title')
    .text((d) => `${d.group} · ${d.key}: ${d.label ?? formatNumber(d.value)}`);
  // Values above the bars when they fit; the data table always has them.
  if (x1.bandwidth() >= 22)
    bars
      .append('text')
      .attr('class', 'bar-value')
      .attr('x', x1.bandwidth() / 2)
      .attr('y', (d) => y(d.value) - 4)
      .attr('text-anchor', 'middle')
      .text((d) => d.label ?? formatNumber(d.value));
  legend(
    svg,
    (data.keyNames ?? data.keys).map((k, i) => ({ name: k, colour: colour(data.keys[i]!) })),
    width - m.right,
    height - 12,
  );
}

function legend(
  svg: Selection<SVGSVGElement, unknown, null, undefined>,
  items: { name: string; colour: string; dash?: string }[],
  right: number,
  y: number,
): void {
  const g = svg.append('g').attr('class', 'legend');
  // Right-aligned, items in reading order.
  const widths = items.map((it) => 22 + it.name.length * 6.5);
  let x = right - widths.reduce((a, b) => a + b, 0);
  for (const [i, it] of items.entries()) {
    const w = widths[i]!;
    const item = g.append('g').attr('transform', `translate(${x},${y})`);
    item
      .append('line')
      .attr('x1', 0)
      .attr('x2', 14)
      .attr('y1', -4)
      .attr('y2', -4)
      .attr('stroke', it.colour)
      .attr('stroke-width', 6)
      .attr('stroke-dasharray', it.dash ?? null);
    item.append('text').attr('x', 18).attr('y', 0).text(it.name);
    x += w;
  }
}

export interface LineSeries {
  readonly name: string;
  readonly colour: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
  readonly dash?: string;
  /** Draw dots instead of a line. */
  readonly dots?: boolean;
  readonly hollow?: boolean;
}

export interface LineChartData {
  readonly series: readonly LineSeries[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xDomain?: readonly [number, number];
  readonly yDomain?: readonly [number, number];
  readonly logY?: boolean;
  /** A vertical marker at this x (e.g. the epoch shown). */
  readonly marker?: number;
}

/**
 * The y axis of a flat series (one point, or every value equal), from 0 to twice the value: the
 * point in the middle of an axis that starts at 0 (a lone loss of 0.6 drew an axis from 0.6 to 1.6
 * with the point on its floor).
 */
function flatDomain(v: number): [number, number] {
  return v > 0 ? [0, 2 * v] : v < 0 ? [2 * v, 0] : [0, 1];
}

/** Lines (and dot series) on shared axes, with a legend. */
export function drawLines(container: HTMLElement, data: LineChartData, o: { width?: number; height?: number; ariaLabel: string }): void {
  container.replaceChildren();
  const width = o.width ?? 560;
  const height = o.height ?? 220;
  const m = { top: 12, right: 12, bottom: 48, left: 56 };
  const svg = select(container)
    .append('svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('class', 'chart lines')
    .attr('role', 'img')
    .attr('aria-label', o.ariaLabel);
  const all = data.series.flatMap((s) => s.points);
  const xs = data.xDomain ?? (extent(all, (p) => p.x) as [number, number]);
  const finiteY = all.map((p) => p.y).filter((v) => Number.isFinite(v) && (!data.logY || v > 0));
  const ys = data.yDomain ?? (finiteY.length ? ([min(finiteY)!, max(finiteY)!] as const) : ([0, 1] as const));
  const x = scaleLinear()
    .domain([xs[0] ?? 0, xs[1] ?? 1])
    .range([m.left, width - m.right]);
  const y = (
    data.logY
      ? scaleLog().domain([Math.max(1e-6, ys[0]), Math.max(ys[1], ys[0] * 1.01 + 1e-6)])
      : scaleLinear().domain(ys[1] === ys[0] ? flatDomain(ys[0]) : [ys[0], ys[1]])
  )
    .nice()
    .range([height - m.bottom, m.top]);
  svg
    .append('g')
    .attr('class', 'axis x')
    .attr('transform', `translate(0,${height - m.bottom})`)
    .call(axisBottom(x).ticks(6));
  svg
    .append('g')
    .attr('class', 'axis y')
    .attr('transform', `translate(${m.left},0)`)
    .call(data.logY ? axisLeft(y).ticks(4, '~g') : axisLeft(y).ticks(5));
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', (m.left + width - m.right) / 2)
    .attr('y', height - 22)
    .attr('text-anchor', 'middle')
    .text(data.xLabel);
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(12,${(height - m.bottom + m.top) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(data.yLabel);
  const ok = (p: { x: number; y: number }) => Number.isFinite(p.y) && (!data.logY || p.y > 0);
  const toPath = line<{ x: number; y: number }>()
    .defined(ok)
    .x((p) => x(p.x))
    .y((p) => y(p.y));
  const plot = svg.append('g').attr('class', 'plot');
  for (const s of data.series) {
    if (s.dots) {
      plot
        .append('g')
        .attr('class', 'dots')
        .attr('data-series', s.name)
        .selectAll('circle')
        .data(s.points.filter(ok))
        .join('circle')
        .attr('cx', (p) => x(p.x))
        .attr('cy', (p) => y(p.y))
        .attr('r', s.hollow ? 2.5 : 4)
        .attr('fill', s.hollow ? 'none' : s.colour)
        .attr('stroke', s.colour)
        .attr('stroke-width', 1.2);
    } else {
      plot
        .append('path')
        .attr('class', 'series')
        .attr('data-series', s.name)
        .attr('d', toPath(s.points as { x: number; y: number }[]) ?? '')
        .attr('fill', 'none')
        .attr('stroke', s.colour)
        .attr('stroke-width', 2.2)
        .attr('stroke-dasharray', s.dash ?? null);
      // A line needs two points: a run stopped after one epoch still shows where it ended.
      if (s.points.filter(ok).length < 3) {
        plot
          .append('g')
          .attr('class', 'points')
          .selectAll('circle')
          .data(s.points.filter(ok))
          .join('circle')
          .attr('cx', (p) => x(p.x))
          .attr('cy', (p) => y(p.y))
          .attr('r', 3.5)
          .attr('fill', s.colour);
      }
    }
  }
  if (data.marker !== undefined) {
    svg
      .append('line')
      .attr('class', 'marker')
      .attr('x1', x(data.marker))
      .attr('x2', x(data.marker))
      .attr('y1', m.top)
      .attr('y2', height - m.bottom);
  }
  legend(
    svg,
    data.series.map((s) => ({ name: s.name, colour: s.colour, ...(s.dash ? { dash: s.dash } : {}) })),
    width - m.right,
    height - 4,
  );
}

/** Draws uint8 grey or RGB pixels on a canvas (scaled up by CSS, pixelated). */
export function pixelCanvas(pixels: Uint8ClampedArray, width: number, height: number, title: string): HTMLCanvasElement {
  const c = el('canvas', 'thumb');
  c.width = width;
  c.height = height;
  c.title = title;
  c.setAttribute('role', 'img');
  c.setAttribute('aria-label', title);
  c.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(pixels), width, height), 0, 0);
  return c;
}

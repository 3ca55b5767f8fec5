import { interpolateRdBu } from 'd3-scale-chromatic';
import { rgb } from 'd3-color';
import { pointer, select, type Selection } from 'd3-selection';
import { divergingT, legendTicks, pixelAt, type PatchProduct } from '../../src/shared/charts/featureMaps';
import { el } from '../common/dom';
import { fmtNum } from '../common/panelKit';

/**
 * d3 drawing of the feature-maps page: heatmaps (a bitmap in an SVG <image>, with a pointer
 * and keyboard cursor), kernels (one rect and its value per weight), the colour legend and the
 * patch × kernel detail. They draw what they are given and compute nothing about the course.
 */
const LUT: [number, number, number][] = Array.from({ length: 256 }, (_, i) => {
  const c = rgb(interpolateRdBu(i / 255));
  return [c.r, c.g, c.b];
});

export function divergingColor(v: number, m: number): string {
  const [r, g, b] = LUT[Math.round(divergingT(v, m) * 255)]!;
  return `rgb(${r},${g},${b})`;
}

/** Text colour readable on a diverging cell: dark in the pale middle, white on saturated ends. */
function inkOn(v: number, m: number): string {
  return Math.abs(divergingT(v, m) - 0.5) > 0.3 ? '#fff' : '#111';
}

export type HeatmapMode =
  { kind: 'diverging'; maxAbs: number } | { kind: 'grey'; lo: number; hi: number } | { kind: 'rgba'; rgba: ArrayLike<number> };

export interface HeatmapOptions {
  readonly title: string;
  readonly scale: number;
  readonly mode: HeatmapMode;
  /** Write each value in its cell (small grids such as the slides' 5×5 patch). */
  readonly showValues?: boolean;
  readonly onHover?: (at: { row: number; col: number } | undefined) => void;
  readonly label?: string;
}

export interface Heatmap {
  readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  highlight(box: { top: number; left: number; height: number; width: number } | undefined): void;
}

function bitmap(width: number, height: number, values: readonly number[], mode: HeatmapMode): string {
  const canvas = el('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    let r: number;
    let g: number;
    let b: number;
    if (mode.kind === 'rgba') {
      [r, g, b] = [mode.rgba[4 * i]!, mode.rgba[4 * i + 1]!, mode.rgba[4 * i + 2]!];
    } else if (mode.kind === 'grey') {
      const t = Math.round(255 * Math.min(1, Math.max(0, (values[i]! - mode.lo) / (mode.hi - mode.lo || 1))));
      [r, g, b] = [t, t, t];
    } else {
      [r, g, b] = LUT[Math.round(divergingT(values[i]!, mode.maxAbs) * 255)]!;
    }
    img.data.set([r, g, b, 255], 4 * i);
  }
  ctx.putImageData(img, 0, 0);
  return canvas.toDataURL();
}

/** One heatmap: title above, pixels drawn crisp at `scale` screen pixels each. */
export function drawHeatmap(
  container: HTMLElement,
  grid: { width: number; height: number; values: readonly number[] },
  o: HeatmapOptions,
): Heatmap {
  const titleH = 16;
  const w = grid.width * o.scale;
  const h = grid.height * o.scale;
  const svg = select(container)
    .append('svg')
    .attr('class', 'heatmap')
    .attr('width', Math.max(w, Math.ceil(o.title.length * 6.3)))
    .attr('height', h + titleH)
    .attr('role', 'img')
    .attr('aria-label', o.label ?? o.title);
  svg.append('text').attr('class', 'tile-title').attr('x', 0).attr('y', 12).text(o.title);
  const g = svg.append('g').attr('transform', `translate(0,${titleH})`);
  g.append('image')
    .attr('width', w)
    .attr('height', h)
    .attr('preserveAspectRatio', 'none')
    .attr('style', 'image-rendering: pixelated')
    .attr('href', bitmap(grid.width, grid.height, grid.values, o.mode));
  if (o.showValues) {
    g.selectAll('text.cell')
      .data(grid.values)
      .join('text')
      .attr('class', 'cell')
      .attr('x', (_, i) => ((i % grid.width) + 0.5) * o.scale)
      .attr('y', (_, i) => (Math.floor(i / grid.width) + 0.5) * o.scale)
      .style('fill', (v) =>
        o.mode.kind === 'diverging'
          ? inkOn(v, o.mode.maxAbs)
          : o.mode.kind === 'grey' && (v - o.mode.lo) / (o.mode.hi - o.mode.lo || 1) > 0.5
            ? '#111'
            : '#fff',
      )
      .text((v) => fmtNum(v, 3));
  }
  const hl = g.append('rect').attr('class', 'highlight').attr('fill', 'none').style('display', 'none');
  const cursor = g.append('rect').attr('class', 'cursor').attr('fill', 'none').style('display', 'none');
  const overlay = g
    .append('rect')
    .attr('class', 'overlay')
    .attr('width', w)
    .attr('height', h)
    .attr('fill', 'transparent')
    .attr('tabindex', o.onHover ? 0 : null);
  if (o.onHover) {
    let at: { row: number; col: number } | undefined;
    const show = (p: { row: number; col: number } | undefined) => {
      at = p;
      cursor.style('display', p ? 'inline' : 'none');
      if (p)
        cursor
          .attr('x', p.col * o.scale)
          .attr('y', p.row * o.scale)
          .attr('width', o.scale)
          .attr('height', o.scale);
      o.onHover!(p);
    };
    overlay
      .on('pointermove', (e: PointerEvent) => {
        const [x, y] = pointer(e, g.node());
        show(pixelAt(x, y, o.scale, grid.width, grid.height));
      })
      .on('pointerleave', () => show(undefined))
      .on('focus', () => show(at ?? { row: 0, col: 0 }))
      .on('blur', () => show(undefined))
      .on('keydown', (e: KeyboardEvent) => {
        const d: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
        const step = d[e.key];
        if (!step || !at) return;
        e.preventDefault();
        show({
          row: Math.min(grid.height - 1, Math.max(0, at.row + step[0])),
          col: Math.min(grid.width - 1, Math.max(0, at.col + step[1])),
        });
      });
  }
  return {
    svg,
    highlight(box) {
      hl.style('display', box ? 'inline' : 'none');
      if (box)
        hl.attr('x', box.left * o.scale)
          .attr('y', box.top * o.scale)
          .attr('width', box.width * o.scale)
          .attr('height', box.height * o.scale);
    },
  };
}

/** A kernel: one square per weight, coloured on its own diverging scale, with its value. */
export function drawKernel(container: HTMLElement, kernel: number[][], title: string, minCell = 30): void {
  // Learned weights print long (-0.013, 1.3e-4): widen the squares so no value overlaps its neighbour.
  const longest = Math.max(1, ...kernel.flat().map((v) => fmtNum(v, 2).length));
  const cell = Math.max(minCell, 7 * longest + 8);
  const kh = kernel.length;
  const kw = kernel[0]?.length ?? 0;
  const m = Math.max(1e-9, ...kernel.flat().map((v) => Math.abs(v)));
  const svg = select(container)
    .append('svg')
    .attr('class', 'kernel')
    .attr('width', kw * cell)
    .attr('height', kh * cell + 16)
    .attr('role', 'img')
    .attr('aria-label', `${title}: ${kernel.map((r) => r.map((v) => fmtNum(v, 3)).join(' ')).join(' / ')}`);
  svg.append('text').attr('class', 'tile-title').attr('y', 12).text(title);
  const g = svg.append('g').attr('transform', 'translate(0,16)');
  const cells = kernel.flatMap((row, u) => row.map((v, c) => ({ u, c, v })));
  g.selectAll('rect.weight')
    .data(cells)
    .join('rect')
    .attr('class', 'weight')
    .attr('x', (d) => d.c * cell)
    .attr('y', (d) => d.u * cell)
    .attr('width', cell - 1)
    .attr('height', cell - 1)
    .attr('fill', (d) => divergingColor(d.v, m));
  g.selectAll('text.weight-value')
    .data(cells)
    .join('text')
    .attr('class', 'weight-value')
    .attr('x', (d) => d.c * cell + cell / 2)
    .attr('y', (d) => d.u * cell + cell / 2)
    .style('fill', (d) => inkOn(d.v, m))
    .text((d) => fmtNum(d.v, 2));
}

/** The legend of a diverging scale centred on 0: a bar of colours, ticks at −m, −m/2, 0, m/2, m. */
export function drawLegend(container: HTMLElement, maxAbs: number, title: string, width = 240): void {
  const n = 48;
  const svg = select(container)
    .append('svg')
    .attr('class', 'legend')
    .attr('width', width + 20)
    .attr('height', 44)
    .attr('role', 'img')
    .attr('aria-label', `${title}: −${fmtNum(maxAbs)} … 0 … ${fmtNum(maxAbs)}`);
  svg.append('text').attr('class', 'tile-title').attr('x', 10).attr('y', 11).text(title);
  const g = svg.append('g').attr('transform', 'translate(10,16)');
  g.selectAll('rect.swatch')
    .data(Array.from({ length: n }, (_, i) => -maxAbs + (2 * maxAbs * (i + 0.5)) / n))
    .join('rect')
    .attr('class', 'swatch')
    .attr('x', (_, i) => (i * width) / n)
    .attr('width', width / n + 0.5)
    .attr('height', 10)
    .attr('fill', (v) => divergingColor(v, maxAbs));
  g.selectAll('text.tick')
    .data(legendTicks(maxAbs))
    .join('text')
    .attr('class', 'tick')
    .attr('x', (_, i) => (i * width) / 4)
    .attr('y', 24)
    .attr('text-anchor', (_, i) => (i === 0 ? 'start' : i === 4 ? 'end' : 'middle'))
    .text((v) => fmtNum(v, 2));
}

/** Patch × kernel = products, Σ, + bias, activation → the pixel's value (the seed's slide, live). */
export function drawPatchDetail(
  container: HTMLElement,
  p: PatchProduct,
  o: {
    bias?: number;
    activation?: string;
    value: number;
    labels: { patch: string; kernel: string; products: string; sum: string; value: string };
  },
): void {
  container.replaceChildren();
  const grid = (title: string, m: number[][], cls: string): HTMLElement => {
    const t = el('table', `mini ${cls}`);
    t.append(el('caption', undefined, title));
    for (const row of m) {
      const tr = el('tr');
      for (const v of row) tr.append(el('td', undefined, fmtNum(v, 3)));
      t.append(tr);
    }
    return t;
  };
  const op = (s: string) => el('span', 'op', s);
  const pre = p.sum + (o.bias ?? 0);
  const act = o.activation && o.activation !== 'linear' ? o.activation : undefined;
  const formula = el('div', 'formula');
  formula.textContent = `${o.labels.sum} = ${fmtNum(p.sum, 5)}${o.bias !== undefined && o.bias !== 0 ? ` ; + b (${fmtNum(o.bias, 3)}) = ${fmtNum(pre, 5)}` : ''}${act ? ` ; ${act}(…) = ${fmtNum(act === 'relu' ? Math.max(0, pre) : pre, 5)}` : ''} — ${o.labels.value}: ${fmtNum(o.value, 5)}`;
  container.append(
    grid(o.labels.patch, p.patch, 'patch'),
    op('×'),
    grid(o.labels.kernel, p.kernel, 'kernel'),
    op('='),
    grid(o.labels.products, p.products, 'products'),
    formula,
  );
}

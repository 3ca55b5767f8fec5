import { axisBottom } from 'd3-axis';
import { format } from 'd3-format';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import type { Confounder } from '../../src/shared/charts/datasetBalance';
import { PALETTE } from '../common/chartKit';

/**
 * Class × background as horizontal stacked bars: one row per (split, class), its backgrounds
 * side by side as shares of the class, counts written in each segment.
 */
export function drawConfounder(
  container: HTMLElement,
  rows: readonly { split: string; table: Confounder }[],
  o: { ariaLabel: string; classLabel: (c: string) => string; bgLabel: (b: string) => string },
): void {
  container.replaceChildren();
  const backgrounds = [...new Set(rows.flatMap((r) => r.table.backgrounds))].sort();
  const lines = rows.flatMap((r) =>
    r.table.classes.map((cls) => ({ split: r.split, cls, cells: r.table.cells.filter((c) => c.cls === cls) })),
  );
  const rowH = 26;
  const width = 560;
  const m = { top: 8, right: 12, bottom: 40, left: 170 };
  const height = m.top + m.bottom + lines.length * rowH;
  const svg = select(container)
    .append('svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('class', 'chart confounder')
    .attr('role', 'img')
    .attr('aria-label', o.ariaLabel);
  const x = scaleLinear()
    .domain([0, 1])
    .range([m.left, width - m.right]);
  // Snow light, grass green-ish from the colour-blind-safe palette: blue-grey for snow, green for grass.
  const colour = (b: string) =>
    b === 'snow' ? PALETTE[0]! : b === 'grass' ? PALETTE[4]! : PALETTE[(backgrounds.indexOf(b) + 1) % PALETTE.length]!;
  lines.forEach((line, i) => {
    const g = svg
      .append('g')
      .attr('class', 'row')
      .attr('transform', `translate(0,${m.top + i * rowH})`);
    g.append('text')
      .attr('x', m.left - 6)
      .attr('y', rowH / 2 + 4)
      .attr('text-anchor', 'end')
      .text(`${line.split} · ${o.classLabel(line.cls)}`);
    let start = 0;
    for (const c of line.cells) {
      const w = x(start + c.shareOfClass) - x(start);
      g.append('rect')
        .attr('class', 'segment')
        .attr('data-background', c.background)
        .attr('x', x(start))
        .attr('y', 3)
        .attr('width', Math.max(0, w))
        .attr('height', rowH - 6)
        .attr('fill', colour(c.background))
        .append('title')
        .text(`${o.classLabel(c.cls)} · ${o.bgLabel(c.background)}: ${c.count} (${Math.round(c.shareOfClass * 100)} %)`);
      if (w > 34)
        g.append('text')
          .attr('class', 'segment-value')
          .attr('x', x(start) + w / 2)
          .attr('y', rowH / 2 + 4)
          .attr('text-anchor', 'middle')
          .attr('fill', '#000')
          .style('fill', '#000')
          .text(`${c.count}`);
      start += c.shareOfClass;
    }
  });
  svg
    .append('g')
    .attr('class', 'axis x')
    .attr('transform', `translate(0,${height - m.bottom})`)
    .call(axisBottom(x).ticks(5).tickFormat(format('.0%')));
  const lg = svg
    .append('g')
    .attr('class', 'legend')
    .attr('transform', `translate(${m.left},${height - 8})`);
  backgrounds.forEach((b, i) => {
    const item = lg.append('g').attr('transform', `translate(${i * 110},0)`);
    item.append('rect').attr('x', 0).attr('y', -10).attr('width', 14).attr('height', 10).attr('fill', colour(b));
    item.append('text').attr('x', 18).attr('y', 0).text(o.bgLabel(b));
  });
}

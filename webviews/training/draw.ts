import { scaleSequential } from 'd3-scale';
import { interpolateBlues } from 'd3-scale-chromatic';
import { select } from 'd3-selection';
import type { ConfusionData } from '../../src/shared/charts/training';

/**
 * The confusion matrix as a heatmap: rows = actual class, columns = predicted class, colour =
 * share of the row (sequential, colour-blind safe), count (and share) written in each cell.
 * Cells are focusable; click / Enter / Space calls `onPick`.
 */
export function drawConfusion(
  container: HTMLElement,
  data: ConfusionData,
  o: {
    ariaLabel: string;
    actual: string;
    predicted: string;
    normalised: boolean;
    selected?: { actual: number; predicted: number };
    onPick: (actual: number, predicted: number) => void;
  },
): void {
  container.replaceChildren();
  const n = data.labels.length;
  const cell = n > 5 ? 40 : 80;
  const m = { top: 40, right: 12, bottom: 12, left: 90 };
  const width = m.left + m.right + n * cell;
  const height = m.top + m.bottom + n * cell;
  const svg = select(container)
    .append('svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('class', 'chart confusion')
    .attr('role', 'grid')
    .attr('aria-label', o.ariaLabel)
    .style('max-width', `${Math.max(260, width * 1.2)}px`);
  const colour = scaleSequential(interpolateBlues).domain([0, 1]);
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', m.left + (n * cell) / 2)
    .attr('y', 12)
    .attr('text-anchor', 'middle')
    .text(o.predicted);
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(12,${m.top + (n * cell) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(o.actual);
  data.labels.forEach((l, i) => {
    svg
      .append('text')
      .attr('class', 'tick')
      .attr('x', m.left + i * cell + cell / 2)
      .attr('y', m.top - 6)
      .attr('text-anchor', 'middle')
      .text(l);
    svg
      .append('text')
      .attr('class', 'tick')
      .attr('x', m.left - 6)
      .attr('y', m.top + i * cell + cell / 2 + 4)
      .attr('text-anchor', 'end')
      .text(l);
  });
  const g = svg
    .append('g')
    .selectAll('g')
    .data(data.cells)
    .join('g')
    .attr('transform', (c) => `translate(${m.left + c.predicted * cell},${m.top + c.actual * cell})`);
  g.append('rect')
    .attr('class', (c) => `cell${o.selected && o.selected.actual === c.actual && o.selected.predicted === c.predicted ? ' selected' : ''}`)
    .attr('width', cell)
    .attr('height', cell)
    .attr('fill', (c) => colour(c.rate))
    .attr('tabindex', 0)
    .attr('role', 'gridcell')
    .attr('data-actual', (c) => c.actual)
    .attr('data-predicted', (c) => c.predicted)
    .attr('data-count', (c) => c.count)
    .attr(
      'aria-label',
      (c) => `${o.actual} ${data.labels[c.actual]}, ${o.predicted} ${data.labels[c.predicted]}: ${c.count} (${Math.round(c.rate * 100)} %)`,
    )
    .on('click', (_e, c) => o.onPick(c.actual, c.predicted))
    .on('keydown', (e: KeyboardEvent, c) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        o.onPick(c.actual, c.predicted);
      }
    });
  g.append('text')
    .attr('class', 'cell-value')
    .attr('x', cell / 2)
    .attr('y', cell / 2 + 4)
    .attr('text-anchor', 'middle')
    .attr('pointer-events', 'none')
    .style('fill', (c) => (c.rate > 0.55 ? '#fff' : '#000'))
    .style('font-size', n > 5 ? '10px' : '14px')
    .text((c) => (o.normalised ? `${Math.round(c.rate * 100)}%` : String(c.count)));
}

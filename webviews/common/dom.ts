/**
 * The pages' DOM helpers, one of each: `el` builds an element, `dataTable` the table that stands
 * behind every chart. Each page styles the table its own way (a class here, a toggle around it in
 * panelKit) and keeps its own number style (`format`).
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export type TableCell = string | number;

/** The text of each cell, numbers written by `format` (pure: what a data table shows, without a DOM). */
export function tableText(rows: readonly (readonly TableCell[])[], format: (v: number) => string): string[][] {
  return rows.map((r) => r.map((c) => (typeof c === 'number' ? format(c) : c)));
}

/** A table: its caption, one header row of column headers, then one row per entry. */
export function dataTable(
  caption: string,
  columns: readonly string[],
  rows: readonly (readonly TableCell[])[],
  format: (v: number) => string,
  cls?: string,
): HTMLTableElement {
  const table = el('table', cls);
  const head = el('tr');
  for (const c of columns) {
    const th = el('th', undefined, c);
    th.scope = 'col';
    head.append(th);
  }
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  for (const r of tableText(rows, format)) {
    const tr = el('tr');
    for (const c of r) tr.append(el('td', undefined, c));
    tbody.append(tr);
  }
  table.append(el('caption', undefined, caption), thead, tbody);
  return table;
}

/** A card: a section headed by its title (h3), added at the end of `parent`. */
export function card(parent: HTMLElement, title: string, id?: string): HTMLElement {
  const s = el('section', 'card');
  if (id) s.id = id;
  s.append(el('h3', undefined, title));
  parent.append(s);
  return s;
}

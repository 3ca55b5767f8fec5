/**
 * Message guards derived from the protocols' unions (STYLE.md §14): a guard is built from one
 * entry per member of the union — `Record<Union['type'], Fields>`, so the compiler rejects a
 * missing or unknown message type — and checks the payload's fields too, so what a page posts is
 * validated at the boundary before the host acts on it (a path, a request id).
 */
export type FieldKind = 'string' | 'number' | 'boolean' | 'object' | 'array';
/** A field's kind; `?` when it may be absent. */
export type FieldSpec = FieldKind | `${FieldKind}?`;

/** The checked fields of each message type of a union (its `type` excepted). */
export type MessageFields<T extends { readonly type: string }> = { readonly [K in T['type']]: Readonly<Record<string, FieldSpec>> };

export function messageType(m: unknown): string {
  const t = (m as { type?: unknown } | null)?.type;
  return typeof t === 'string' ? t : '';
}

function isKind(v: unknown, kind: FieldKind): boolean {
  if (kind === 'array') return Array.isArray(v);
  if (kind === 'object') return typeof v === 'object' && v !== null && !Array.isArray(v);
  return typeof v === kind;
}

/** A type guard for the union whose members `fields` lists. */
export function messageGuard<T extends { readonly type: string }>(fields: MessageFields<T>): (m: unknown) => m is T {
  const table = fields as Readonly<Record<string, Readonly<Record<string, FieldSpec>>>>;
  return (m: unknown): m is T => {
    const t = messageType(m);
    if (!Object.prototype.hasOwnProperty.call(table, t)) return false;
    const o = m as Record<string, unknown>;
    return Object.entries(table[t]!).every(([name, spec]) => {
      const optional = spec.endsWith('?');
      const v = o[name];
      return (optional && v === undefined) || isKind(v, spec.replace('?', '') as FieldKind);
    });
  };
}

/** The message types of a guard's table, e.g. for a page that relays another's messages. */
export function messageTypes<T extends { readonly type: string }>(fields: MessageFields<T>): readonly T['type'][] {
  return Object.keys(fields) as T['type'][];
}

/**
 * Finds where an export is declared in the learner's file, so a failing check can put its
 * diagnostic on the declaration. A scan, not a parse: it must work on files that do not
 * compile, and it only needs the line. Positions are 0-based.
 */
export interface SourceRange {
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
}

export function locateExport(source: string, name: string): SourceRange | undefined {
  const escaped = name.replace(/[$]/g, '\\$');
  const patterns = [
    new RegExp(`^\\s*export\\s+(?:async\\s+)?function\\s*\\*?\\s*(${escaped})\\b`),
    new RegExp(`^\\s*export\\s+(?:const|let|var|class)\\s+(${escaped})\\b`),
    new RegExp(`^\\s*export\\s*\\{[^}]*\\b(${escaped})\\b`),
  ];
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    for (const p of patterns) {
      const m = p.exec(lines[i]!);
      if (m) {
        const column = m.index + m[0].length - m[1]!.length;
        return { line: i, column, endColumn: column + name.length };
      }
    }
  }
  return undefined;
}

/** Names the file exports, for "did you mean" messages. */
export function exportedNames(source: string): string[] {
  const names = new Set<string>();
  const decl = /^\s*export\s+(?:async\s+)?(?:function\s*\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/gm;
  for (const m of source.matchAll(decl)) names.add(m[1]!);
  return [...names];
}

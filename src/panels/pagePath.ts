/**
 * How a file-system path a webview page sent may be used (checked at the boundary, before it
 * reaches the file system): 'absolute' (as the learner picked it), 'relative' (to the workspace
 * folder, which it must not leave), or 'refused' (empty, a URL, a NUL byte, outside the workspace,
 * relative with no workspace open). Pure: no vscode, for unit tests.
 */
export function checkPagePath(p: string, hasWorkspace: boolean): 'absolute' | 'relative' | 'refused' {
  if (!p || p.length > 4096 || p.includes('\0') || /^[a-zA-Z][a-zA-Z0-9+.-]+:\/\//.test(p)) return 'refused';
  if (p.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(p) || p.startsWith('\\\\')) return 'absolute';
  if (!hasWorkspace) return 'refused';
  return leavesFolder(p.replace(/\\/g, '/')) ? 'refused' : 'relative';
}

/** Does a relative '/'-separated path climb above its folder ('..', 'a/../..')? (path.posix.normalize's answer, without Node.) */
function leavesFolder(p: string): boolean {
  let depth = 0;
  for (const part of p.split('/')) {
    if (part === '..') depth--;
    else if (part !== '' && part !== '.') depth++;
    if (depth < 0) return true;
  }
  return false;
}

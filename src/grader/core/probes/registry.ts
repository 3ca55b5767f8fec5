import type { ProbeRegistry } from '../types';

/**
 * Every probe a panel may run in a grader worker, by name "<panel>.<what>". Each probe lives in
 * its own file beside this one and is environment-free (it runs in the webview's Web Worker).
 */
export const PROBES: ProbeRegistry = {};

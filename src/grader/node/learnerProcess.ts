import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import type { SandboxInfo } from '../../shared/grading';
import type { LearnerFactory } from '../core/learnerLink';
import { FrameReader, frame } from './frames';

/**
 * Learner realms for the CLI: each one a fresh Node process (dist/learner-node.js), never a
 * thread of the grader's own process. Defence in depth, outermost first:
 *  - bubblewrap (`bwrap`): no network, no other process visible, only Node, its libraries and the
 *    two learner bundles mounted read-only, an empty /tmp, killed with its parent;
 *  - a memory limit on the whole process (RLIMIT_DATA through `prlimit`: heap *and* ArrayBuffers),
 *    plus V8's heap limit;
 *  - Node's permission model: read only the two bundles, no writes, no child processes, no
 *    workers, no addons.
 * Where bubblewrap cannot start (not installed, no user namespaces), the permission model and the
 * memory limit remain and `SandboxInfo.warning` says what is missing (network is then open).
 */
export const LEARNER_MEMORY_MB = 1024;
/** The largest answer a learner process may send in one message. */
const MAX_FRAME_BYTES = 256 * 1024 * 1024;
const STDERR_TAIL = 4096;

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

interface Plan {
  readonly command: string;
  readonly args: (bundle: string, tfBundle: string) => string[];
  readonly info: SandboxInfo;
}

let cachedPlan: Plan | undefined;

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(path.delimiter)) {
    const full = path.join(dir, cmd);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      return full;
    } catch {
      // not here
    }
  }
  return undefined;
}

function permissionFlags(files: readonly string[]): string[] {
  const major = Number(process.versions.node.split('.')[0]);
  const minor = Number(process.versions.node.split('.')[1]);
  const stable = major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13);
  const flag = stable ? '--permission' : '--experimental-permission';
  const reads = files.map((f) => `--allow-fs-read=${f}`);
  return [
    flag,
    ...reads,
    '--no-addons',
    '--no-warnings',
    `--max-old-space-size=${Math.round(LEARNER_MEMORY_MB * 0.75)}`,
    '--stack-size=2000',
  ];
}

/** Decides once how learner processes are started here, by trying bubblewrap for real. */
export function sandboxPlan(): Plan {
  if (cachedPlan) return cachedPlan;
  const node = process.execPath;
  const prlimit = which('prlimit');
  const memory = prlimit ? ['--data=' + `${LEARNER_MEMORY_MB * 1024 * 1024}:${LEARNER_MEMORY_MB * 1024 * 1024}`] : [];
  const wrap = (inner: string[]): { command: string; args: string[] } =>
    prlimit ? { command: prlimit, args: [...memory, '--', ...inner] } : { command: inner[0]!, args: inner.slice(1) };
  const bwrap = which('bwrap');
  const layersTail = [...(prlimit ? ['memory-limit'] : []), 'node-permission'];
  if (bwrap) {
    const binds: string[] = [];
    for (const dir of ['/usr', '/lib', '/lib64', '/lib32', '/bin', '/etc/ld.so.cache']) {
      if (!fs.existsSync(dir)) continue;
      const st = fs.lstatSync(dir);
      if (st.isSymbolicLink()) binds.push('--symlink', fs.readlinkSync(dir), dir);
      else binds.push('--ro-bind', dir, dir);
    }
    const nodeDir = path.dirname(fs.realpathSync(node));
    if (!nodeDir.startsWith('/usr/')) binds.push('--ro-bind', nodeDir, nodeDir);
    const realNode = fs.realpathSync(node);
    const inner = (bundle: string, tfBundle: string, nodeArgs: string[]) => [
      bwrap,
      '--unshare-all',
      '--die-with-parent',
      '--new-session',
      '--clearenv',
      '--setenv',
      'PATH',
      '/usr/bin',
      ...binds,
      '--ro-bind',
      bundle,
      '/sandbox/learner-node.js',
      '--ro-bind',
      tfBundle,
      '/sandbox/learner-tf.js',
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--tmpfs',
      '/tmp',
      '--chdir',
      '/sandbox',
      realNode,
      ...nodeArgs,
    ];
    const sandboxed = ['/sandbox/learner-node.js', '/sandbox/learner-tf.js'];
    // Try it: user namespaces may be off, or bwrap not setuid where we are not root.
    const probe = wrap(inner(__filename, __filename, ['-e', '0']));
    const r = spawnSync(probe.command, probe.args, { timeout: 10_000, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (r.status === 0) {
      cachedPlan = {
        command: wrap(['x']).command,
        args: (b, t) => wrap(inner(b, t, [...permissionFlags(sandboxed), sandboxed[0]!])).args,
        info: {
          realm: 'process',
          layers: ['bubblewrap', ...layersTail],
          network: false,
          ...(prlimit ? { memoryLimitMb: LEARNER_MEMORY_MB } : {}),
        },
      };
      return cachedPlan;
    }
    cachedPlan = fallback(
      node,
      wrap,
      layersTail,
      prlimit,
      `bubblewrap could not start here (${(r.stderr || r.error?.message || `exit ${r.status}`).trim().slice(0, 160)}): learner code has no file-system writes, processes or workers, but the network is not isolated`,
    );
    return cachedPlan;
  }
  cachedPlan = fallback(
    node,
    wrap,
    layersTail,
    prlimit,
    'bubblewrap is not installed (Debian: apt-get install bubblewrap): learner code has no file-system writes, processes or workers, but the network is not isolated',
  );
  return cachedPlan;
}

function fallback(
  node: string,
  wrap: (inner: string[]) => { command: string; args: string[] },
  layers: string[],
  prlimit: string | undefined,
  warning: string,
): Plan {
  return {
    command: wrap(['x']).command,
    args: (b, t) => wrap([node, ...permissionFlags([b, t]), b]).args,
    info: { realm: 'process', layers, network: true, ...(prlimit ? { memoryLimitMb: LEARNER_MEMORY_MB } : {}), warning },
  };
}

/** A factory of sandboxed learner processes running `distDir`/learner-node.js. */
export function createLearnerProcessFactory(distDir: string): LearnerFactory {
  const bundle = path.join(distDir, 'learner-node.js');
  const tfBundle = path.join(distDir, 'learner-tf.js');
  const plan = sandboxPlan();
  killAllOnExit();
  return (handlers) => {
    const child = spawn(plan.command, plan.args(bundle, tfBundle), {
      stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
      env: { PATH: '/usr/bin:/bin' },
      detached: false,
      cwd: distDir,
    });
    live.add(child);
    child.unref();
    let stderr = '';
    let killed = false;
    let dead = false;
    child.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-STDERR_TAIL);
    });
    (child.stderr as unknown as { unref?(): void }).unref?.();
    const channel = child.stdio[3] as unknown as NodeJS.ReadableStream & { unref?(): void };
    channel.unref?.();
    const die = (d: Parameters<typeof handlers.died>[0]) => {
      if (dead) return;
      dead = true;
      live.delete(child);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      handlers.died(d);
    };
    const reader = new FrameReader(
      MAX_FRAME_BYTES,
      (body) => {
        let m: unknown;
        try {
          m = v8.deserialize(body);
        } catch {
          // Only the learner's own code writes garbage on this channel (a forged, truncated frame): a flood, fatal.
          return die({ kind: 'flood', detail: 'a message that could not be read' });
        }
        handlers.message(m);
      },
      (bytes) => die({ kind: 'flood', detail: `a message of ${Math.round(bytes / 1048576)} MB` }),
    );
    channel.on('data', (d: Buffer) => reader.push(d));
    channel.on('error', () => undefined);
    child.stdin!.on('error', () => undefined);
    child.on('error', (e) => die({ kind: 'crash', detail: e.message }));
    child.on('exit', (code, signal) => {
      live.delete(child);
      if (killed) return;
      // Give stderr a moment: V8's out-of-memory report arrives as the process ends.
      setTimeout(() => {
        const oom =
          /out of memory|allocation failed|Reached heap limit|Cannot allocate memory/i.test(stderr) ||
          signal === 'SIGABRT' ||
          signal === 'SIGTRAP';
        die(
          oom
            ? {
                kind: 'memory',
                limitMb: LEARNER_MEMORY_MB,
                detail:
                  stderr
                    .split('\n')
                    .find((l) => /memory|allocation/i.test(l))
                    ?.trim() ?? String(signal),
              }
            : { kind: 'crash', detail: signal ? `killed by ${signal}` : `exit code ${code}` },
        );
      }, 20);
    });
    return {
      send: (m) => {
        if (!dead) child.stdin!.write(frame(v8.serialize(m)));
      },
      kill: () => {
        killed = true;
        dead = true;
        live.delete(child);
        child.kill('SIGKILL');
      },
    };
  };
}

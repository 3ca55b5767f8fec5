import * as net from 'net';
import * as path from 'path';
import * as v8 from 'v8';
import { SerialQueue } from '../../shared/serialQueue';
import { createLearnerRealm, type ToLearner } from '../core/learnerRealm';
import type { Tf } from '../core/wire';
import { FrameReader, frame } from './frames';

/**
 * The learner realm's process (dist/learner-node.js), started by learnerProcess.ts inside its
 * sandbox: requests arrive framed on stdin, answers leave framed on fd 3. tf is read from
 * learner-tf.js beside this file on the learner's first `import`. Nothing here is trusted by
 * the checker: the learner's code runs in this very process and may rewrite any of it.
 */
declare const __non_webpack_require__: NodeRequire;

const out = new net.Socket({ fd: 3, readable: false, writable: true });
const post = (m: unknown) => out.write(frame(v8.serialize(m)));

let tf: Tf | undefined;
const handle = createLearnerRealm({
  post,
  tf: () => (tf ??= __non_webpack_require__(path.join(__dirname, 'learner-tf.js')) as Tf),
  loadedTf: () => tf,
});

const queue = new SerialQueue();
const reader = new FrameReader(
  64 * 1024 * 1024,
  (body) => {
    let m: ToLearner;
    try {
      m = v8.deserialize(body) as ToLearner;
    } catch {
      return;
    }
    void queue.run(() => handle(m)).catch(() => undefined);
  },
  () => process.exit(70),
);
process.stdin.on('data', (chunk: Buffer) => reader.push(chunk));
process.stdin.on('end', () => process.exit(0));
// The learner's console output must not reach the checker's channel: it goes to stderr.
console.log = console.info = console.debug = (...a: unknown[]) => process.stderr.write(`${a.map(String).join(' ')}\n`);
post({ k: 'started' });

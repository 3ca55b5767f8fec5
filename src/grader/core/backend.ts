import * as tf from './tf';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendName } from '../../shared/grading';
import { registerConv2dGradient } from './conv2dGradient';
import { registerMaxPoolGradient } from './maxPoolGradient';
import { registerGatherRows } from './gatherRows';

/**
 * Picks the first backend that initialises, in order of preference. wasm (SIMD where the
 * runtime has it) is an order of magnitude faster than the pure-JS cpu backend on CPUs
 * (shared/perf/README.md); cpu is the fallback that always works.
 */
export async function initBackend(preferred: readonly BackendName[], wasmBase?: string): Promise<BackendName> {
  if (wasmBase) setWasmPaths(wasmBase.endsWith('/') ? wasmBase : `${wasmBase}/`);
  const errors: string[] = [];
  for (const name of preferred) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        // wasm has no Conv2DBackpropFilter kernel: without this, learners' CNNs cannot train there
        // (and the cpu backend trains convs several times faster with it too).
        registerConv2dGradient();
        registerMaxPoolGradient(); // wasm: 2× faster MaxPool gradient, and no lost gradient for windows ≤ 0
        registerGatherRows(); // wasm: fit's batch gather as row copies (30× the stock kernel), the same values
        return name;
      }
      errors.push(`${name}: not available`);
    } catch (e) {
      errors.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new Error(`No TensorFlow.js backend could start (${errors.join('; ')})`);
}

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fetchThroughPage, type ResourceRequest, type ResourceResponse } from '../../src/grader/browser/pageFetch';
import { checkPagePath } from '../../src/panels/pagePath';
import { isBalanceToHost, isHostToBalance } from '../../src/shared/protocol/datasetBalance';
import { isFeatureMapsToHost } from '../../src/shared/protocol/featureMaps';
import { isGraderToHost, isHostToGrader } from '../../src/shared/protocol/grader';
import { isFromGraderWorker, isToGraderWorker } from '../../src/shared/protocol/graderWorker';
import { isGradientDescentToHost } from '../../src/shared/protocol/gradientDescent';
import { messageGuard } from '../../src/shared/protocol/message';
import { RequestTable, withTimeout } from '../../src/shared/protocol/requests';
import { isTrainingToHost } from '../../src/shared/protocol/training';

describe('message guards derived from the unions', () => {
  it('accept every message type of their union and nothing else', () => {
    assert.ok(isBalanceToHost({ type: 'ready' }));
    assert.ok(isBalanceToHost({ type: 'loadFolder', requestId: 3, path: 'cats' }));
    assert.ok(!isBalanceToHost({ type: 'folder', requestId: 3 }), 'a host message is not a page message');
    assert.ok(!isBalanceToHost({ type: 'constructor' }), 'no inherited names');
    assert.ok(!isBalanceToHost(null) && !isBalanceToHost('ready') && !isBalanceToHost({}));
    assert.ok(isHostToBalance({ type: 'setLang', lang: 'fr' }));
    assert.ok(isTrainingToHost({ type: 'cancel' }) && !isTrainingToHost({ type: 'pickFolder', requestId: 1 }));
    assert.ok(isGradientDescentToHost({ type: 'selectExercise', exerciseId: '09-gradient-descent' }));
    assert.ok(!isGradientDescentToHost({ type: 'pickImage' }), 'only the feature-maps page asks for images');
    assert.ok(isFeatureMapsToHost({ type: 'pickImage' }));
    assert.ok(isGraderToHost({ type: 'ready', backend: 'wasm' }));
    assert.ok(isFromGraderWorker({ type: 'probeResult', ok: false, error: { en: 'x', fr: 'x' } }));
    assert.ok(isToGraderWorker({ type: 'unload' }) && !isToGraderWorker({ type: 'ready', backend: 'cpu', sandbox: {} }));
  });
  it("the results panel's heading comes in both languages (the page switches it live)", () => {
    const title = { en: '01-weighted-sum · A neuron: the weighted sum', fr: '01-weighted-sum · Un neurone : la somme pondérée' };
    const result = { outcomes: [], backend: 'wasm', durationMs: 1 };
    assert.ok(isHostToGrader({ type: 'show', title, checks: [], result }));
    assert.ok(!isHostToGrader({ type: 'show', title: title.en, checks: [], result }), 'a heading in one language only');
    assert.ok(isHostToGrader({ type: 'grade', requestId: 1, title, request: {} }));
    assert.ok(!isHostToGrader({ type: 'grade', requestId: 1, title: title.fr, request: {} }));
  });
  it('check payloads at the boundary: a path, a request id, a flag of the right kind', () => {
    assert.ok(!isBalanceToHost({ type: 'loadFolder', requestId: 3 }), 'no path');
    assert.ok(!isBalanceToHost({ type: 'loadFolder', requestId: 3, path: { toString: () => '/etc' } }), 'a path that is not a string');
    assert.ok(!isBalanceToHost({ type: 'pickFolder', requestId: '3' }), 'a request id that is not a number');
    assert.ok(!isBalanceToHost({ type: 'trainFolder', path: ['a'] }));
    assert.ok(!isFeatureMapsToHost({ type: 'loadImage' }));
    assert.ok(!isGradientDescentToHost({ type: 'selectExercise', exerciseId: 9 }));
    assert.ok(isTrainingToHost({ type: 'ownImagesFinished', requestId: 1, ok: true, text: 'done' }), 'optional fields may be absent');
    assert.ok(
      !isTrainingToHost({ type: 'ownImagesFinished', requestId: 1, ok: true, text: 'done', accuracy: '90 %' }),
      'but not of another kind',
    );
    assert.ok(!isGraderToHost({ type: 'graded', requestId: 1, result: null }));
  });
  it('messageGuard: one entry per member (the compiler checks the list), kinds array/object kept apart', () => {
    type M = { type: 'a'; xs: number[] } | { type: 'b'; o: { k: 1 }; n?: number };
    const is = messageGuard<M>({ a: { xs: 'array' }, b: { o: 'object', n: 'number?' } });
    assert.ok(is({ type: 'a', xs: [] }) && !is({ type: 'a', xs: {} }));
    assert.ok(is({ type: 'b', o: {} }) && !is({ type: 'b', o: [] }) && !is({ type: 'b', o: {}, n: 'x' }));
  });
});

describe('RequestTable: request/response by id with time-outs', () => {
  it('matches answers to requests by id, whatever their order', async () => {
    const t = new RequestTable<string>();
    const sent: number[] = [];
    const a = t.request((id) => {
      sent.push(id);
    });
    const b = t.request((id) => {
      sent.push(id);
    });
    assert.equal(sent.length, 2);
    assert.notEqual(sent[0], sent[1]);
    t.resolve(sent[1]!, 'second');
    t.resolve(sent[0]!, 'first');
    assert.deepEqual(await Promise.all([a, b]), ['first', 'second']);
    assert.equal(t.size, 0);
    t.resolve(sent[0]!, 'late');
  });
  it('times out with the given message and forgets the request', async () => {
    const t = new RequestTable<string>();
    await assert.rejects(
      t.request(() => undefined, { timeoutMs: 5, timeoutMessage: 'no answer in time' }),
      /no answer in time/,
    );
    assert.equal(t.size, 0);
  });
  it('keeps a context per pending request (a progress callback, the message to send again) and settles all when the other side closes', async () => {
    const t = new RequestTable<string, { type: string; requestId: number }>();
    const p = t.request((requestId) => ({ type: 'ownImages', requestId }));
    assert.deepEqual(
      t.contexts().map((c) => c.type),
      ['ownImages'],
    );
    assert.equal(t.context(t.contexts()[0]!.requestId)?.type, 'ownImages');
    t.resolveAll('cancelled');
    assert.equal(await p, 'cancelled');
    const q = t.request(() => undefined);
    t.rejectAll(new Error('closed'));
    await assert.rejects(q, /closed/);
  });
  it('onTimeout: called instead of rejecting (the caller settles it, e.g. by killing the other side); not after an answer', async () => {
    const t = new RequestTable<string, string>();
    const timedOut: number[] = [];
    const p = t.request(() => undefined, {
      timeoutMs: 5,
      context: 'init',
      onTimeout: (id) => {
        timedOut.push(id);
        t.rejectAll(new Error('killed'));
      },
    });
    await assert.rejects(p, /killed/);
    assert.equal(timedOut.length, 1);
    const q = t.request(() => undefined, { timeoutMs: 5, context: 'probe', onTimeout: (id) => timedOut.push(id) });
    const id = t.find((c) => c === 'probe');
    assert.equal(
      t.find((c) => c === 'init'),
      undefined,
    );
    t.resolve(id!, 'answer');
    assert.equal(await q, 'answer');
    await new Promise((r) => setTimeout(r, 15));
    assert.equal(timedOut.length, 1);
  });
  it('an explicit context stays the context whatever send returns (a port whose post returns a queue length)', async () => {
    const t = new RequestTable<string, readonly string[]>();
    const queue: number[] = [];
    const p = t.request((id) => queue.push(id) as never, { context: ['ready', 'initFailed'] });
    assert.deepEqual(t.contexts(), [['ready', 'initFailed']]);
    const id = t.find((accepted) => accepted?.includes('ready') === true);
    assert.equal(id, queue[0]);
    t.resolve(id!, 'ready');
    assert.equal(await p, 'ready');
  });
  it('a request whose send throws rejects and is not left pending', async () => {
    const t = new RequestTable<string>();
    await assert.rejects(
      t.request(() => {
        throw new Error('port closed');
      }),
      /port closed/,
    );
    assert.equal(t.size, 0);
  });
  it('withTimeout passes a value through and rejects past the delay', async () => {
    assert.equal(await withTimeout(Promise.resolve(4), 50, 'late'), 4);
    await assert.rejects(withTimeout(new Promise(() => undefined), 5, 'late'), /late/);
  });
});

describe('fetchThroughPage: the worker fetches through its page, answers matched by id', () => {
  it('answers each fetch with its own response, errors as TypeError; non-GET and blob: stay direct', async () => {
    const posted: ResourceRequest[] = [];
    let listener: ((e: MessageEvent<unknown>) => void) | undefined;
    const direct: string[] = [];
    const scope = {
      fetch: (async (input: string | URL | Request) => {
        direct.push(String(input));
        return new Response('direct');
      }) as typeof fetch,
      postMessage: (m: unknown) => posted.push(m as ResourceRequest),
      addEventListener: (_: 'message', l: (e: MessageEvent<unknown>) => void) => (listener = l),
    };
    fetchThroughPage(scope);
    const a = scope.fetch('https://file+.vscode-resource/a.wasm');
    const b = scope.fetch('https://file+.vscode-resource/b.bin');
    assert.deepEqual(
      posted.map((m) => m.url),
      ['https://file+.vscode-resource/a.wasm', 'https://file+.vscode-resource/b.bin'],
    );
    const answer = (r: Omit<ResourceResponse, 'type'>) => listener!({ data: { type: 'resourceResponse', ...r } } as MessageEvent<unknown>);
    answer({ id: posted[1]!.id, status: 0, contentType: '', error: 'refused' });
    answer({ id: posted[0]!.id, status: 200, contentType: 'application/wasm', body: new Uint8Array([0, 97, 115, 109]).buffer });
    const ra = await a;
    assert.equal(ra.headers.get('Content-Type'), 'application/wasm');
    assert.deepEqual([...new Uint8Array(await ra.arrayBuffer())], [0, 97, 115, 109]);
    await assert.rejects(b, (e: unknown) => e instanceof TypeError && /b\.bin: refused/.test(e.message));
    assert.equal(await (await scope.fetch('blob:xyz')).text(), 'direct');
    assert.equal(await (await scope.fetch('https://x/y', { method: 'POST' })).text(), 'direct');
    assert.deepEqual(direct, ['blob:xyz', 'https://x/y']);
  });
});

describe('paths a page sends (loadFolder, trainFolder)', () => {
  it('are checked before they reach the file system', () => {
    assert.equal(checkPagePath('photos/cats-dogs', true), 'relative');
    assert.equal(checkPagePath('photos/../photos', true), 'relative');
    assert.equal(checkPagePath('/home/me/pictures', true), 'absolute');
    assert.equal(checkPagePath('C:\\Users\\me\\pictures', true), 'absolute');
    assert.equal(checkPagePath('../../etc', true), 'refused');
    assert.equal(checkPagePath('a/../../etc', true), 'refused');
    assert.equal(checkPagePath('..\\..\\etc', true), 'refused');
    assert.equal(checkPagePath('', true), 'refused');
    assert.equal(checkPagePath('photos\0/x', true), 'refused');
    assert.equal(checkPagePath('https://example.com/x', true), 'refused');
    assert.equal(checkPagePath('photos', false), 'refused');
  });
});

/**
 * The one request/response helper (host ↔ webview, webview ↔ worker): each request gets an id,
 * its answer settles the promise of that id, an unanswered one times out, and closing the other
 * side rejects (or settles) whatever is still pending. Environment-free.
 */
export class RequestTable<R, C = undefined> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: R): void; reject(e: Error): void; context: C | undefined }>();

  /**
   * Sends a request through `send(id)` and resolves with its answer. The request's context (kept
   * while it is pending) is `options.context` when given (whatever `send` returns: a port's post may
   * return a queue length), else what `send` returns (e.g. the message, to send again).
   * At `timeoutMs` it rejects with `timeoutMessage`, or, with `onTimeout`, calls that instead (which
   * settles it: e.g. kills the other side, whose closing rejects everything pending).
   */
  request(
    send: (id: number) => C | void,
    options: { timeoutMs?: number; timeoutMessage?: string; context?: C; onTimeout?: (id: number) => void } = {},
  ): Promise<R> {
    const id = this.nextId++;
    const entry: { resolve(r: R): void; reject(e: Error): void; context: C | undefined } = {
      resolve: () => undefined,
      reject: () => undefined,
      context: options.context,
    };
    const answer = new Promise<R>((resolve, reject) => {
      entry.resolve = resolve;
      entry.reject = reject;
    });
    this.pending.set(id, entry);
    let sent: C | void;
    try {
      sent = send(id);
    } catch (e) {
      // Not sent: nothing will answer it.
      this.pending.delete(id);
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    if (options.context === undefined && sent !== undefined) entry.context = sent;
    const { timeoutMs, onTimeout } = options;
    if (timeoutMs !== undefined && onTimeout) {
      const timer = setTimeout(() => {
        if (this.pending.get(id) === entry) onTimeout(id);
      }, timeoutMs);
      return answer.finally(() => {
        clearTimeout(timer);
        this.pending.delete(id);
      });
    }
    const timed =
      timeoutMs === undefined ? answer : withTimeout(answer, timeoutMs, options.timeoutMessage ?? `no answer within ${timeoutMs} ms`);
    return timed.finally(() => this.pending.delete(id));
  }

  /** The first pending request whose context matches (for a wire whose answers carry no id: one request at a time). */
  find(match: (context: C | undefined) => boolean): number | undefined {
    for (const [id, p] of this.pending) if (match(p.context)) return id;
    return undefined;
  }

  /** What the request `id` was sent with (e.g. its progress callback), while it is pending. */
  context(id: number): C | undefined {
    return this.pending.get(id)?.context;
  }

  has(id: number): boolean {
    return this.pending.has(id);
  }

  get size(): number {
    return this.pending.size;
  }

  contexts(): C[] {
    return [...this.pending.values()].flatMap((p) => (p.context === undefined ? [] : [p.context]));
  }

  resolve(id: number, value: R): void {
    const p = this.pending.get(id);
    this.pending.delete(id);
    p?.resolve(value);
  }

  reject(id: number, error: Error): void {
    const p = this.pending.get(id);
    this.pending.delete(id);
    p?.reject(error);
  }

  rejectAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  /** Settles every pending request with a value (e.g. "cancelled") instead of an error. */
  resolveAll(value: R): void {
    for (const p of this.pending.values()) p.resolve(value);
    this.pending.clear();
  }
}

/** `promise`, or a rejection with `message` after `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

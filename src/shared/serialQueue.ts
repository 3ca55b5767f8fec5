/**
 * Runs jobs one after the other, in the order they were given: a job starts once the previous one
 * has settled, and one that fails (throws or rejects) does not stop the next. `run` answers with
 * the job's own outcome, rejection included, so a caller that must not see it says so (`.catch`).
 * The host (checks, theory refresh), the grader's supervisor and workers and the grader page each
 * keep their order with one of these.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => T | PromiseLike<T>): Promise<T> {
    const result = this.tail.then(job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

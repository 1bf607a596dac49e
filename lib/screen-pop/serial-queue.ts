/**
 * Runs tasks one after another. Two 'phone/state' messages arriving together must not both read
 * "not popped yet" from storage before either writes: each task sees the previous one's writes.
 * A failed task rejects its own caller only; the queue goes on.
 */
export function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task);
    tail = run.catch(() => {});
    return run;
  };
}

/**
 * A cap on the tasks one kind of sender may have waiting or running on a queue. Page-initiated
 * work (a CRM page can fire the events that make its panel ask) must never pile up without end:
 * over the cap, `enter` answers false and the caller refuses the request instead of queueing it.
 */
export function pendingLimit(max: number) {
  let pending = 0;
  return {
    /** Takes a place, or false when `max` tasks are pending already. */
    enter(): boolean {
      if (pending >= max) return false;
      pending += 1;
      return true;
    },
    leave(): void {
      pending = Math.max(0, pending - 1);
    },
    get pending(): number {
      return pending;
    },
  };
}

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

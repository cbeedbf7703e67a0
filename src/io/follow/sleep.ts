// Waiting between looks at followed files, cut short by the run's stop signal.

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((wake) => {
    if (signal?.aborted) return wake();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      wake();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

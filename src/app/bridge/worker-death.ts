/**
 * Turns a worker's silent death (self.close(), a crash without an error event) into an "error"
 * event, which the worker pool already handles: once the worker holds its life lock (and says so
 * with a `tunelabAlive` message naming it), the page queues for the same lock, and is granted it
 * only when the worker has ended. Our own terminate() is not a death.
 */
export function watchForDeath(worker: Worker): void {
  if (!navigator.locks) return;
  let terminatedHere = false;
  const terminate = worker.terminate.bind(worker);
  worker.terminate = () => {
    terminatedHere = true;
    terminate();
  };
  worker.addEventListener("message", (event: MessageEvent) => {
    const name = (event.data as { tunelabAlive?: unknown } | null)?.tunelabAlive;
    if (typeof name !== "string") return;
    void navigator.locks.request(name, () => {
      if (terminatedHere) return;
      worker.dispatchEvent(new ErrorEvent("error", { message: "the worker stopped unexpectedly" }));
    });
  });
}

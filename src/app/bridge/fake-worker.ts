/** For tests: a stand-in for a Worker that records its listeners and can be made to fire `error`. */
import type { WorkerLike } from "./worker-pool";

export class FakeWorker implements WorkerLike {
  terminated = false;
  private listeners: ((event: Event) => void)[] = [];
  addEventListener(_type: "error" | "messageerror", listener: (event: Event) => void): void {
    this.listeners.push(listener);
  }
  removeEventListener(_type: "error" | "messageerror", listener: (event: Event) => void): void {
    const at = this.listeners.indexOf(listener);
    if (at >= 0) this.listeners.splice(at, 1);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Listeners still on the worker. */
  get listening(): number {
    return this.listeners.length;
  }
  fireError(message: string): void {
    for (const l of [...this.listeners]) l(Object.assign(new Event("error"), { message }));
  }
}

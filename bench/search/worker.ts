/** A benchmark worker thread: runs the jobs it is sent and posts each result back. */
import { parentPort } from "node:worker_threads";
import { type RunJob, runJob } from "./runner";

if (parentPort === null) throw new Error("bench/search/worker.ts must run in a worker thread");
const port = parentPort;
port.on("message", (job: RunJob | null) => {
  if (job === null) {
    port.close();
    return;
  }
  port.postMessage(runJob(job));
});

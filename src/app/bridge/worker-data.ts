/**
 * Handing array datasets to training workers. A worker keeps the few datasets it was given last
 * (by id) so that a playground run or a study trial sends its data once, not once per run:
 * `ensureData` sends a copy only when the worker does not have it yet.
 */
import * as Comlink from "comlink";
import type { DatasetArrays } from "../../shared/train";

/**
 * How many datasets a training worker keeps (workers/worker-api.ts KEPT_DATASETS: the least
 * recently loaded or used goes first). The page's list mirrors it, so it must not be larger.
 */
export const WORKER_DATASET_CAPACITY = 3;

/**
 * What ensureData needs of a worker's API: its `loadData`, and `hasData` when it has one (through
 * comlink both return promises). With `hasData`, an id the page remembers is confirmed first, so a
 * worker that dropped it in an order the page did not foresee still gets it again.
 */
export interface DataReceiver {
  loadData(arrays: DatasetArrays): Promise<void> | void;
  hasData?(id: string): Promise<boolean> | boolean;
}

/** What the page remembers per worker about its data; a pool slot's meta extends it. */
export interface WorkerDataMeta {
  /** Ids of the datasets the worker holds, least recently loaded or used first. */
  loadedDataIds: string[];
}

/** A copy of the arrays with buffers of their own, so transferring them leaves the original usable. */
export function copyDatasetArrays(arrays: DatasetArrays): DatasetArrays {
  return {
    ...arrays,
    classNames: arrays.classNames.slice(),
    featureNames: arrays.featureNames.slice(),
    exampleShape: arrays.exampleShape.slice(),
    // slice() copies exactly the view, even when it lies inside a larger buffer (a decoded file).
    x: arrays.x.slice(),
    y: arrays.y.slice(),
  };
}

/**
 * Makes sure the worker of `slot` holds `arrays`: the first time for this worker (or after the
 * worker dropped it to make room for newer ones) a copy is transferred to it with `loadData`;
 * later calls with the same id only confirm it (one `hasData` round trip) or return at once.
 * Call it right before `train` with an ArrayDatasetSpec, inside the pool task that trains, e.g.
 * `pool.run(async (slot) => { await ensureData(slot, arrays); return slot.api.train(config, cb); })`.
 * A worker that crashed is replaced with fresh meta, so its successor gets the data again.
 */
export async function ensureData(
  slot: { api: DataReceiver; meta: WorkerDataMeta },
  arrays: DatasetArrays,
): Promise<void> {
  const id = arrays.id;
  let held = slot.meta.loadedDataIds.includes(id);
  if (held && slot.api.hasData) held = await slot.api.hasData(id);
  if (!held) {
    const copy = copyDatasetArrays(arrays);
    await slot.api.loadData(
      Comlink.transfer(copy, [copy.x.buffer as ArrayBuffer, copy.y.buffer as ArrayBuffer]),
    );
  }
  // Loading or training on it makes it the worker's most recent; remembered only once it is there.
  const others = slot.meta.loadedDataIds.filter((other) => other !== id);
  slot.meta.loadedDataIds = [...others, id].slice(-WORKER_DATASET_CAPACITY);
}

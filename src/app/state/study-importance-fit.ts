/**
 * Parameter importance for the dashboard, without runes (so it can be tested in Node): the
 * engine's fANOVA over the complete trials, fitted in the analysis worker when a trial completes,
 * at most every INTERVAL_MS and one fit at a time (the latest trials win), with a short note
 * instead of bars while there are too few trials, or when the fit or its worker fails.
 */
import type { Direction, SearchSpace } from "../../core/search/index";
import type { ImportanceOutcome, ImportanceRequest } from "../../shared/analysis";
import { LatestOnlyThrottle, type TimerEnvironment } from "./study-throttle";
import { toEngineTrial, type LiveTrial } from "./study-trials";

/** Shortest time between the starts of two fits. */
export const IMPORTANCE_INTERVAL_MS = 3000;

export const TOO_FEW_NOTE = "Importance needs at least 2 complete trials";

/** What the importance chart shows: bars, or (when there are none) why. */
export interface ImportanceView {
  importance: Record<string, number>;
  /** Why there are no bars (too few complete trials, or the error), or null. */
  note: string | null;
}

export type FitImportance = (request: ImportanceRequest) => Promise<ImportanceOutcome>;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The fit's input as plain data the worker can be sent: the space copied as the JSON it is (a
 * runes proxy cannot be cloned), and the complete trials with a finite value (the only ones the fit
 * reads), without their intermediate values (which it does not read).
 */
export function importanceRequest(
  space: SearchSpace,
  trials: readonly LiveTrial[],
  direction: Direction,
): ImportanceRequest {
  const complete = trials.filter(
    (t) => t.state === "complete" && t.value !== undefined && Number.isFinite(t.value),
  );
  return {
    space: JSON.parse(JSON.stringify(space)) as SearchSpace,
    trials: complete.map((t) => ({ ...toEngineTrial(t), params: { ...t.params }, intermediate: {} })),
    direction,
  };
}

/** The view for a fit's outcome. */
export function viewOf(outcome: ImportanceOutcome): ImportanceView {
  if ("importance" in outcome) return { importance: outcome.importance, note: null };
  return { importance: {}, note: /at least 2/.test(outcome.error) ? TOO_FEW_NOTE : outcome.error };
}

export class ImportanceFitter {
  private lastKey = "";
  /** Counts the times the view was reset (too few trials): a fit asked for before a reset is not shown. */
  private resets = 0;
  private disposed = false;
  private readonly throttle: LatestOnlyThrottle<{ request: ImportanceRequest; resets: number }>;

  constructor(
    private readonly fit: FitImportance,
    private readonly show: (view: ImportanceView) => void,
    options: { intervalMs?: number; env?: TimerEnvironment } = {},
  ) {
    this.throttle = new LatestOnlyThrottle(
      options.intervalMs ?? IMPORTANCE_INTERVAL_MS,
      (job) => this.run(job.request, job.resets),
      options.env,
    );
  }

  /** Takes the latest trials; fits soon (throttled), or not at all if no trial completed since the last call. */
  update(space: SearchSpace, trials: readonly LiveTrial[], direction: Direction): void {
    if (this.disposed) return;
    const complete = trials.filter((t) => t.state === "complete");
    const key = `${direction}:${complete.length}:${complete.at(-1)?.number ?? -1}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    const request = importanceRequest(space, complete, direction);
    if (request.trials.length < 2) {
      // Nothing to fit: say so at once, without a worker.
      this.throttle.cancel();
      this.resets += 1;
      this.show({ importance: {}, note: TOO_FEW_NOTE });
      return;
    }
    this.throttle.request({ request, resets: this.resets });
  }

  /** Drops the fit waiting; the result of one in flight is not shown. */
  dispose(): void {
    this.disposed = true;
    this.throttle.dispose();
  }

  private async run(request: ImportanceRequest, resets: number): Promise<void> {
    let view: ImportanceView;
    try {
      view = viewOf(await this.fit(request));
    } catch (error) {
      view = { importance: {}, note: `Importance could not be computed: ${messageOf(error)}` };
    }
    if (!this.disposed && resets === this.resets) this.show(view);
  }
}

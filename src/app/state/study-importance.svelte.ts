/**
 * Parameter importance for the dashboard: the engine's fANOVA over the complete trials, recomputed
 * when new trials complete but at most every INTERVAL_MS (a forest fit is too costly for every
 * epoch of every trial), in the page's idle time (not in the animation frame that hands the chart
 * its trials), with a short note instead of bars while there are too few trials.
 */
import { evaluateImportance, type Direction, type SearchSpace } from "../../core/search/index";
import { ThrottledIdleJob } from "./study-idle";
import { toEngineTrial, type LiveTrial } from "./study-trials";

const INTERVAL_MS = 3000;

export class ImportanceTracker {
  importance: Record<string, number> = $state.raw({});
  /** Why there are no bars (too few complete trials, or the error), or null. */
  note: string | null = $state("Importance needs at least 2 complete trials");

  private lastKey = "";
  private readonly job = new ThrottledIdleJob(INTERVAL_MS);

  /** Takes the latest trials; recomputes soon (throttled, when the page is idle), or not at all if no trial completed since. */
  update(space: SearchSpace, trials: readonly LiveTrial[], direction: Direction): void {
    const complete = trials.filter((t) => t.state === "complete");
    const key = `${direction}:${complete.length}:${complete.at(-1)?.number ?? -1}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.job.schedule(() => this.compute(space, trials, direction));
  }

  dispose(): void {
    this.job.dispose();
  }

  private compute(space: SearchSpace, trials: readonly LiveTrial[], direction: Direction): void {
    try {
      this.importance = evaluateImportance(space, trials.map(toEngineTrial), direction, { seed: 0 });
      this.note = null;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.importance = {};
      this.note = /at least 2/.test(message) ? "Importance needs at least 2 complete trials" : message;
    }
  }
}

/**
 * Parameter importance for the dashboard, as runes: the ImportanceFitter's view, fitted in the
 * analysis worker (started by the first fit, terminated by dispose), so the forest fit never
 * takes the page's main thread.
 */
import type { Direction, SearchSpace } from "../../core/search/index";
import { createAnalysisClient, type AnalysisClient } from "../bridge/analysis-worker";
import { ImportanceFitter, TOO_FEW_NOTE, type FitImportance } from "./study-importance-fit";
import type { LiveTrial } from "./study-trials";

export class ImportanceTracker {
  importance: Record<string, number> = $state.raw({});
  /** Why there are no bars (too few complete trials, or the error), or null. */
  note: string | null = $state(TOO_FEW_NOTE);

  private readonly analysis: AnalysisClient | null;
  private readonly fitter: ImportanceFitter;

  /** `fit` replaces the analysis worker (tests). */
  constructor(fit?: FitImportance) {
    const analysis = fit ? null : createAnalysisClient();
    this.analysis = analysis;
    this.fitter = new ImportanceFitter(fit ?? ((request) => analysis!.importance(request)), (view) => {
      this.importance = view.importance;
      this.note = view.note;
    });
  }

  /** Takes the latest trials; fits soon (throttled), or not at all if no trial completed since. */
  update(space: SearchSpace, trials: readonly LiveTrial[], direction: Direction): void {
    this.fitter.update(space, trials, direction);
  }

  /** Drops the fit waiting and terminates the worker. */
  dispose(): void {
    this.fitter.dispose();
    this.analysis?.terminate();
  }
}

/**
 * The studies this page has open, so that leaving the Study view (for the playground, say) does
 * not stop a running study, and coming back shows it again: the last study shown, and every saved
 * study by id. A study that is not running is disposed of when another one takes its place.
 */
import type { StudyRunner } from "./study-runner.svelte";

const byId = new Map<string, StudyRunner>();
let shown: StudyRunner | null = null;

/** The runner of saved study `id` if this page has it open. */
export function openRunner(id: string): StudyRunner | undefined {
  return byId.get(id);
}

/** The study the Study view showed last, if any. */
export function lastShownRunner(): StudyRunner | null {
  return shown;
}

/** Records that the view now shows `runner`; the previous one is disposed of unless it is running. */
export function showRunner(runner: StudyRunner): void {
  const previous = shown;
  shown = runner;
  if (runner.studyId !== null) byId.set(runner.studyId, runner);
  for (const [id, other] of byId) {
    if (other !== runner && !other.running) {
      other.dispose();
      byId.delete(id);
    }
  }
  if (previous && previous !== runner && !previous.running && previous.studyId === null) previous.dispose();
}

/** Remembers a study that got its id after it was shown (Run saved it). */
export function rememberRunner(runner: StudyRunner): void {
  if (runner.studyId !== null) byId.set(runner.studyId, runner);
}

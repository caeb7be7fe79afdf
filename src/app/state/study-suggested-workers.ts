/**
 * The Workers a new study starts with: as many as suit its backend on this machine (one per core
 * on the CPU and WebAssembly, one on a GPU), found by asking a training worker what it offers.
 */
import { MAX_WORKERS, type StudyConfig } from "../../core/study/study-config";
import {
  coresOf,
  detectCapabilities,
  resolveBackend,
  suggestedWorkers,
  suggestedWorkersReason,
  type Capabilities,
} from "../bridge/capabilities";

export interface WorkersSuggestion {
  workers: number;
  /** Why, in a sentence for the person (the Workers control's hint). */
  reason: string;
}

/** The workers that suit `config`'s backend here and why; null when the capabilities cannot be found. */
export async function suggestStudyWorkers(
  config: StudyConfig,
  detect: () => Promise<Capabilities> = detectCapabilities,
): Promise<WorkersSuggestion | null> {
  let capabilities: Capabilities;
  try {
    capabilities = await detect();
  } catch {
    // Without the capabilities (no worker could start) the study keeps its default workers.
    return null;
  }
  const backend = resolveBackend(config.base.backend, capabilities);
  const cores = coresOf(capabilities);
  return {
    workers: suggestedWorkers(backend, cores, MAX_WORKERS),
    reason: suggestedWorkersReason(backend, cores),
  };
}

/**
 * What a new study records about an uploaded CSV it trains on: the upload's name and column
 * choice, read from this browser's stored uploads (the study itself may travel to where the
 * upload is not stored, so it keeps these facts).
 */
import type { PlaygroundConfig } from "../../core/playground-config";
import { baseDataSpec, type StudyUpload } from "../../core/study/study-dataset";
import type { DatasetSummary } from "../db/index";
import { listUploads } from "../data/dataset-source";

/**
 * The upload record a study over `base` needs, or undefined when the base does not train on an
 * upload. Throws naming the id when the upload is not stored in this browser.
 */
export async function studyUploadOf(
  base: PlaygroundConfig,
  list: () => Promise<DatasetSummary[]> = listUploads,
): Promise<StudyUpload | undefined> {
  const data = baseDataSpec(base);
  if (data.kind !== "upload") return undefined;
  const found = (await list()).find((u) => u.id === data.id);
  if (!found) {
    throw new Error(
      `The uploaded dataset "${data.id}" is not stored in this browser; upload the CSV again in the playground, then use “Tune this”`,
    );
  }
  return {
    name: found.name,
    choice: {
      target: found.choice.target,
      task: found.choice.task,
      ignore: [...found.choice.ignore],
      categorical: [...found.choice.categorical],
    },
  };
}

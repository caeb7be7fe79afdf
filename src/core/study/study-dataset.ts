/**
 * What a study knows about its dataset without loading it: the DatasetSpec its trials train on
 * (from the base configuration), whether the data are 2D points, a table or images, the task,
 * and for an uploaded CSV the few facts kept in the study itself (its name and the column choice),
 * since the upload's arrays live only in one browser's storage while the study travels in links
 * and export files.
 */
import { groupThousands } from "../number-format";
import { datasetCard } from "../datasets/catalog";
import { GENERATORS_2D } from "../datasets/generators2d";
import { toTrainConfig, type PlaygroundConfig } from "../playground-config";
import type { DatasetSpec, Task } from "../../shared/train";

/** The target, task and column kinds chosen when a CSV was uploaded (as the upload stored them). */
export interface UploadColumnChoice {
  target: string;
  task: Task;
  ignore: string[];
  categorical: string[];
}

/** An uploaded CSV as a study records it: enough to name it, score it and load it again in Python. */
export interface StudyUpload {
  /** The name the person gave the upload (the file name by default). */
  name: string;
  choice: UploadColumnChoice;
}

export type StudyDataKind = "2d" | "table" | "image";

/** The dataset spec of the base configuration (what every trial trains on). */
export function baseDataSpec(base: PlaygroundConfig): DatasetSpec {
  return toTrainConfig(base).data;
}

/** Whether the base trains on an uploaded CSV. */
export function isUploadBase(base: PlaygroundConfig): boolean {
  return baseDataSpec(base).kind === "upload";
}

/** 2D points, a table or images: decides which settings a study may tune. */
export function dataKindOf(base: PlaygroundConfig): StudyDataKind {
  const data = baseDataSpec(base);
  if (data.kind === "2d") return "2d";
  if (data.kind === "upload") return "table";
  const group = datasetCard(data.id).group;
  return group === "image" ? "image" : "table";
}

/**
 * The task of the base configuration's dataset: the generator's, the catalog card's, or for an
 * upload the one recorded in `upload` (an upload's task cannot be known from its id alone).
 */
export function taskOfData(base: PlaygroundConfig, upload?: StudyUpload): Task {
  const data = baseDataSpec(base);
  if (data.kind === "2d") {
    const entry = GENERATORS_2D.find((g) => g.id === data.generator);
    if (!entry) throw new Error(`Unknown dataset "${String(data.generator)}"`);
    return entry.task;
  }
  if (data.kind === "builtin") return datasetCard(data.id).task;
  if (!upload) {
    throw new Error(`The study trains on the uploaded dataset "${data.id}" but does not record its task`);
  }
  return upload.choice.task;
}

/** The dataset's name for titles and lists: the generator's label, the card's name or the upload's name. */
export function dataNameOf(base: PlaygroundConfig, upload?: StudyUpload): string {
  const data = baseDataSpec(base);
  if (data.kind === "2d") return GENERATORS_2D.find((g) => g.id === data.generator)?.label ?? data.generator;
  if (data.kind === "builtin") return datasetCard(data.id).name;
  return upload?.name ?? "Uploaded CSV";
}

/** A short description for the study list: "Circle, 200 points", "Iris, 150 examples", "my.csv (uploaded)". */
export function dataLabelOf(base: PlaygroundConfig, upload?: StudyUpload): string {
  const data = baseDataSpec(base);
  const name = dataNameOf(base, upload);
  if (data.kind === "2d") return `${name}, ${data.samples} points`;
  if (data.kind === "builtin") return `${name}, ${groupThousands(datasetCard(data.id).examples)} examples`;
  return `${name} (uploaded CSV)`;
}

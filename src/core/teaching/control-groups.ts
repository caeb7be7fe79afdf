/**
 * The groups of playground controls a teacher can hide. They follow the fieldsets of the control
 * panel, except that "Training" is split into the optimizer, the learning rate and the batch/epochs,
 * so a lesson about the learning rate can hide the optimizer and keep the rate.
 */
import { PROPERTIES, type ConfigKey, type Property } from "../playground-config";

export type TeachingGroupId =
  | "data"
  | "network"
  | "optimizer"
  | "learningRate"
  | "batch"
  | "schedule"
  | "regularisation"
  | "augmentation"
  | "earlyStopping"
  | "run";

export interface TeachingGroup {
  id: TeachingGroupId;
  label: string;
  /** The settings whose controls the group holds. */
  keys: readonly ConfigKey[];
}

const TRAINING_SPLIT: Partial<Record<ConfigKey, TeachingGroupId>> = {
  learningRate: "learningRate",
  batchSize: "batch",
  epochs: "batch",
};

/** The teaching group of a property; null for the view switches beside the charts, which stay. */
function groupIdOf(prop: Property): TeachingGroupId | null {
  switch (prop.group) {
    case "view":
      return null;
    case "training":
      return TRAINING_SPLIT[prop.key] ?? "optimizer";
    default:
      return prop.group;
  }
}

const LABELS: Record<TeachingGroupId, string> = {
  data: "Data",
  network: "Network",
  optimizer: "Optimizer",
  learningRate: "Learning rate",
  batch: "Batch size and epochs",
  schedule: "Schedule",
  regularisation: "Regularisation",
  augmentation: "Augmentation",
  earlyStopping: "Early stopping",
  run: "Run (seed, backend)",
};

/** Every hideable group, in the order of the controls. */
export const TEACHING_GROUPS: readonly TeachingGroup[] = (Object.keys(LABELS) as TeachingGroupId[]).map(
  (id) => ({
    id,
    label: LABELS[id],
    keys: PROPERTIES.filter((p) => groupIdOf(p) === id).map((p) => p.key),
  }),
);

const GROUP_OF_KEY = new Map<ConfigKey, TeachingGroupId>(
  TEACHING_GROUPS.flatMap((g) => g.keys.map((k) => [k, g.id] as const)),
);

/** The teaching group holding a setting's control (null for the chart view switches). */
export function teachingGroupOf(key: ConfigKey): TeachingGroupId | null {
  return GROUP_OF_KEY.get(key) ?? null;
}

/** The group of an id, or undefined for an unknown id. */
export function teachingGroup(id: string): TeachingGroup | undefined {
  return TEACHING_GROUPS.find((g) => g.id === id);
}

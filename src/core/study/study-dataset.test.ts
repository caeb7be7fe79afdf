import { describe, expect, it } from "vitest";
import { defaultConfig } from "../playground-config";
import {
  defaultStudyConfig,
  suggestedWarmupEpochs,
  taskOfStudy,
  trialTrainConfig,
  validateStudyConfig,
  type StudyConfig,
} from "./study-config";
import { dataKindOf, dataLabelOf, taskOfData, type StudyUpload } from "./study-dataset";

const UPLOAD_ID = "upload-0b6a4d2e-1c3f-4a5b-8c7d-9e0f1a2b3c4d";
const PETS: StudyUpload = {
  name: "pets.csv",
  choice: { target: "weight", task: "regression", ignore: ["id"], categorical: ["colour"] },
};

const on = (dataset: string, more: Record<string, unknown> = {}) => ({
  ...defaultConfig(),
  dataset,
  ...more,
});

function errors(config: unknown): string {
  const result = validateStudyConfig(config);
  if (result.ok) throw new Error("expected the configuration to be refused");
  return result.errors.join("\n");
}

describe("a study's dataset", () => {
  it("knows the kind and task of generators, catalog datasets and recorded uploads", () => {
    expect([dataKindOf(on("circle")), dataKindOf(on("iris")), dataKindOf(on("digits"))]).toEqual([
      "2d",
      "table",
      "image",
    ]);
    expect(dataKindOf(on(UPLOAD_ID))).toBe("table");
    expect(taskOfData(on("reg-sine"))).toBe("regression");
    expect(taskOfData(on("iris"))).toBe("multiclass");
    expect(taskOfData(on("breast-cancer"))).toBe("binary");
    expect(taskOfData(on("diabetes"))).toBe("regression");
    expect(taskOfData(on(UPLOAD_ID), PETS)).toBe("regression");
    expect(() => taskOfData(on(UPLOAD_ID))).toThrow(
      `uploaded dataset "${UPLOAD_ID}" but does not record its task`,
    );
    expect(dataLabelOf(on("circle", { samples: 300 }))).toBe("Circle, 300 points");
    expect(dataLabelOf(on("iris"))).toBe("Iris, 150 examples");
    expect(dataLabelOf(on(UPLOAD_ID), PETS)).toBe("pets.csv (uploaded CSV)");
  });

  it("starts a study on an upload with its record, and on a regression table with the RMSE objective", () => {
    const study = defaultStudyConfig(on(UPLOAD_ID), PETS);
    expect(study.upload).toEqual(PETS);
    expect(study.name).toBe("pets.csv study");
    expect(taskOfStudy(study)).toBe("regression");
    expect(study.objective).toEqual({ metric: "valMetric", direction: "minimize", reduce: "best" });
    expect(validateStudyConfig(study).ok).toBe(true);
    expect(validateStudyConfig(defaultStudyConfig(on("diabetes"))).ok).toBe(true);
  });

  it("starts the median pruner after a fifth of the epochs (at least 1); the engine's own default stays 0", () => {
    expect([suggestedWarmupEpochs(1), suggestedWarmupEpochs(4), suggestedWarmupEpochs(100)]).toEqual([
      1, 1, 20,
    ]);
    expect(defaultStudyConfig(on("circle", { epochs: 50 })).pruner).toEqual({
      name: "median",
      nWarmupSteps: 10,
    });
  });

  it("refuses an upload record that is missing, unneeded or malformed, naming the field", () => {
    const study = defaultStudyConfig(on(UPLOAD_ID), PETS);
    const { upload: _upload, ...without } = study;
    expect(errors(without)).toContain(
      `config.upload is missing: the base trains on the uploaded dataset "${UPLOAD_ID}"`,
    );
    expect(errors({ ...defaultStudyConfig(on("iris")), upload: PETS })).toContain(
      'config.upload must be absent: the base trains on "iris", not an upload',
    );
    expect(errors({ ...study, upload: { ...PETS, choice: { ...PETS.choice, task: "ranking" } } })).toContain(
      'config.upload.choice.task must be one of "binary", "multiclass", "regression", got "ranking"',
    );
    expect(errors({ ...study, upload: { name: "x.csv" } })).toContain("config.upload.choice is missing");
  });

  it("validates cross-validation folds from 3 to 10", () => {
    const study = defaultStudyConfig(on("iris"));
    expect(validateStudyConfig({ ...study, folds: 3 }).ok).toBe(true);
    expect(validateStudyConfig({ ...study, folds: 10 }).ok).toBe(true);
    expect(errors({ ...study, folds: 2 })).toContain("config.folds must be an integer from 3 to 10, got 2");
    expect(errors({ ...study, folds: 4.5 })).toContain("got 4.5");
    expect(errors({ ...study, folds: "5" })).toContain(
      'config.folds must be an integer from 3 to 10, got "5"',
    );
  });

  it("tunes augmentation and conv blocks on images only, and conv only when the base has blocks", () => {
    const images: StudyConfig = defaultStudyConfig(on("digits"));
    images.space.augShift = { type: "int", low: 0, high: 2 };
    images.space.augFlip = { type: "categorical", choices: [false, true] };
    images.space.convFilters = { type: "int", low: 4, high: 32, log: true };
    images.space.convKernel = { type: "categorical", choices: [3, 5] };
    expect(validateStudyConfig(images).ok).toBe(true);

    const table = defaultStudyConfig(on("iris"));
    table.space.augNoise = { type: "float", low: 0, high: 0.1 };
    expect(errors(table)).toContain(
      "config.space.augNoise (Pixel noise) can only be tuned on images; the base trains on a table",
    );
    const noConv = defaultStudyConfig(on("digits", { conv: [] }));
    noConv.space.convKernel = { type: "categorical", choices: [3, 5] };
    expect(errors(noConv)).toContain(
      "config.space.convKernel (Conv kernel) is tuned but the base network has no conv blocks",
    );
  });

  it("applies conv and augmentation parameters to a trial's TrainConfig", () => {
    const conv = [
      { filters: 8, kernel: 3, pool: "max" as const },
      { filters: 16, kernel: 3, pool: "none" as const },
    ];
    const study = defaultStudyConfig(on("digits", { conv, augShift: 1 }));
    const train = trialTrainConfig(study, { convFilters: 4, convKernel: 5, augNoise: 0.05 });
    expect(train.model.conv).toEqual([
      { filters: 4, kernel: 5, pool: "max" },
      { filters: 8, kernel: 5, pool: "none" },
    ]);
    expect(train.augment).toEqual({ shift: 1, flip: false, noise: 0.05 });
    expect(trialTrainConfig(study, {}).model.conv).toEqual(conv);
    // The largest filter count is capped at the conv limit.
    expect(trialTrainConfig(study, { convFilters: 100 }).model.conv?.map((b) => b.filters)).toEqual([
      100, 128,
    ]);
  });
});

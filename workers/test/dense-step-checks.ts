/**
 * The dense-step host kernel (workers/dense-step.ts) against tfjs ops under the gradient tape, on
 * whichever backend the calling test file set: whole training runs for every activation and task,
 * with dropout and L1/L2, and a transfer run whose lower layers are frozen. Shared by the CPU and
 * the WebAssembly test files.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng";
import type {
  Activation,
  DatasetArrays,
  EpochReport,
  ModelConfig,
  TrainConfig,
} from "../../src/shared/train";
import { DENSE_HOST_MAX_WORK, DENSE_OPS_BACKENDS, denseStepPlan, forceDenseStep } from "../dense-step";
import { forceHostKernels } from "../host-kernels";
import { ACTIVATIONS, type Tf } from "../model";
import { Network } from "../network";
import type { StepContext } from "../train-step";
import { testConfig } from "./configs";
import { lossCurve, maxRelativeDiff, recordedRun } from "./dense-checks";
import { arrayConfig } from "./datasets";

/** "host" and "ops": the dense step's two paths; "tape": tfjs ops only, under the gradient tape. */
type Path = "host" | "ops" | "tape";

/** The epoch reports of a run on `path`. */
async function trainedOn(tf: Tf, path: Path, config: TrainConfig, arrays?: DatasetArrays) {
  forceDenseStep(path);
  forceHostKernels(path === "tape" ? false : null);
  try {
    return (await recordedRun(tf, config, arrays)).reports;
  } finally {
    forceDenseStep(null);
    forceHostKernels(null);
  }
}

/** Trains `over` on the host path, the ops path and the tape, and expects the same curves. */
async function expectSameRun(tf: Tf, over: Partial<TrainConfig>, arrays?: DatasetArrays): Promise<void> {
  const config: TrainConfig = {
    ...testConfig(),
    epochs: 4,
    ...over,
    backend: tf.getBackend() as TrainConfig["backend"],
  };
  const tape = await trainedOn(tf, "tape", config, arrays);
  expect(lossCurve(tape).every(Number.isFinite)).toBe(true);
  const metrics = (reports: EpochReport[]) => reports.flatMap((r) => [r.trainMetric, r.valMetric]);
  for (const path of ["host", "ops"] as const) {
    const reports = await trainedOn(tf, path, config, arrays);
    expect(maxRelativeDiff(lossCurve(reports), lossCurve(tape)), path).toBeLessThan(2e-4);
    // Accuracies may differ by an example or two that last digits put across the threshold.
    const worst = Math.max(...metrics(reports).map((m, i) => Math.abs(m - metrics(tape)[i])));
    expect(worst, path).toBeLessThan(0.03);
  }
}

const model = testConfig().model;

/** The suites, for the backend the caller has set. */
export function denseStepSuites(tf: Tf, digits: DatasetArrays): void {
  afterEach(() => {
    forceDenseStep(null);
    forceHostKernels(null);
  });

  describe("the dense step, as one host kernel and as ops without the tape", () => {
    it("runs for plain dense networks only: the host kernel for small batches' work, ops beyond it", () => {
      const limit = DENSE_HOST_MAX_WORK[tf.getBackend()];
      const beyond = DENSE_OPS_BACKENDS.includes(tf.getBackend()) ? "ops" : "tape";
      /** How steps of this network, on 7 inputs and 1 output, would train. */
      const path = (over: Partial<ModelConfig>, augment?: StepContext["augment"], rows = 32): string => {
        const network = new Network(tf, { ...model, ...over }, [7], 1, new Rng(1));
        try {
          return (
            denseStepPlan({ tf, model: network, augment, variables: network.trainable } as StepContext, rows)
              ?.path ?? "tape"
          );
        } finally {
          network.dispose();
        }
      };
      expect(limit).toBeGreaterThan(0);
      if (Number.isFinite(limit)) {
        // 7·w + w·w + w multiply-adds per example: the widest hidden pair of layers under the limit at batch 32.
        const widest = Math.floor((-8 + Math.sqrt(64 + (4 * limit) / (3 * 32))) / 2);
        expect(path({ hiddenLayers: [widest, widest] })).toBe("host");
        expect(path({ hiddenLayers: [widest + 1, widest + 1] })).toBe(beyond);
        expect(path({ hiddenLayers: [widest, widest] }, undefined, 64)).toBe(beyond);
      } else {
        expect(path({ hiddenLayers: [512, 512] }, undefined, 256)).toBe("host");
      }
      expect(path({ hiddenLayers: [8], batchNorm: true })).toBe("tape");
      expect(path({ hiddenLayers: [8] }, { shift: 1, flip: false, noise: 0 })).toBe("tape");
      forceHostKernels(false);
      expect(path({ hiddenLayers: [8] })).toBe("tape");
    });

    for (const activation of ACTIVATIONS as Activation[]) {
      it(`trains as the ops do, epoch by epoch: binary, ${activation}, dropout 0.2`, async () => {
        await expectSameRun(tf, { model: { ...model, activation, dropout: 0.2 } });
      });
    }

    it("trains as the ops do: multi-class, relu, L1 and L2, SGD with momentum", async () => {
      await expectSameRun(tf, {
        data: { ...testConfig().data, generator: "multiclass", classes: 3, samples: 150 },
        model: { ...model, activation: "relu", l1: 0.001, l2: 0.002 },
        optimizer: { ...testConfig().optimizer, name: "momentum" },
      });
    });

    it("trains as the ops do: regression, no hidden layer, a last batch smaller than the rest", async () => {
      await expectSameRun(tf, {
        data: { ...testConfig().data, generator: "reg-plane", samples: 203 },
        model: { ...model, hiddenLayers: [] },
        learningRate: 0.01,
      });
    });

    for (const lowerRateFactor of [0, 0.1]) {
      it(`fine-tunes as the ops do after pretraining, lower layers' rate × ${lowerRateFactor}`, async () => {
        const config = arrayConfig("digits", { epochs: 2, batchSize: 8 }, { valRatio: 0.3, testRatio: 0.1 });
        await expectSameRun(
          tf,
          {
            ...config,
            transfer: {
              classes: [5, 6, 7, 8, 9],
              examplesPerClass: 6,
              pretrain: { classes: [0, 1, 2, 3, 4], epochs: 1, lowerRateFactor },
            },
          },
          digits,
        );
      });
    }
  });
}

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
import { denseStepLayers, forceDenseStep, DENSE_HOST_MAX_WORK } from "../dense-step";
import { forceHostKernels } from "../host-kernels";
import { ACTIVATIONS, type Tf } from "../model";
import { Network } from "../network";
import type { StepContext } from "../train-step";
import { trainModel } from "../trainer";
import { testConfig } from "./configs";
import { maxRelativeDiff } from "./dense-checks";
import { arrayConfig } from "./datasets";

type Path = "dense step" | "ops";

/** Loss curves and final weights of a run on `path`, checking that it leaked no tensor. */
async function trainedOn(tf: Tf, path: Path, config: TrainConfig, arrays?: DatasetArrays) {
  forceDenseStep(path === "dense step");
  forceHostKernels(path === "dense step" ? null : false);
  try {
    const before = tf.memory().numTensors;
    const reports: EpochReport[] = [];
    const result = await trainModel(
      config,
      (r) => void reports.push(r),
      () => false,
      tf,
      { datasets: (id) => (id === arrays?.id ? arrays : undefined) },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(result.status, result.message).toBe("completed");
    return reports.flatMap((r) => [r.trainLoss, r.valLoss, r.trainMetric, r.valMetric]);
  } finally {
    forceDenseStep(null);
    forceHostKernels(null);
  }
}

async function expectSameRun(tf: Tf, over: Partial<TrainConfig>, arrays?: DatasetArrays): Promise<void> {
  const config: TrainConfig = {
    ...testConfig(),
    epochs: 4,
    ...over,
    backend: tf.getBackend() as TrainConfig["backend"],
  };
  const host = await trainedOn(tf, "dense step", config, arrays);
  const ops = await trainedOn(tf, "ops", config, arrays);
  expect(host.every(Number.isFinite)).toBe(true);
  expect(maxRelativeDiff(host, ops)).toBeLessThan(2e-4);
}

const model = testConfig().model;

/** The suites, for the backend the caller has set. */
export function denseStepSuites(tf: Tf, digits: DatasetArrays): void {
  afterEach(() => {
    forceDenseStep(null);
    forceHostKernels(null);
  });

  describe("the dense-step host kernel", () => {
    it("runs for plain dense networks only, and on WebAssembly for small batches' work only", () => {
      const limit = DENSE_HOST_MAX_WORK[tf.getBackend()];
      /** Whether steps of this network, on 7 inputs and 1 output, would be the host kernel. */
      const takes = (over: Partial<ModelConfig>, augment?: StepContext["augment"], rows = 32): boolean => {
        const network = new Network(tf, { ...model, ...over }, [7], 1, new Rng(1));
        try {
          return denseStepLayers({ tf, model: network, augment } as StepContext, rows) !== null;
        } finally {
          network.dispose();
        }
      };
      expect(limit).toBeGreaterThan(0);
      if (Number.isFinite(limit)) {
        // 7·w + w·w + w multiply-adds per example: the widest hidden pair of layers under the limit at batch 32.
        const widest = Math.floor((-8 + Math.sqrt(64 + (4 * limit) / (3 * 32))) / 2);
        expect(takes({ hiddenLayers: [widest, widest] })).toBe(true);
        expect(takes({ hiddenLayers: [widest + 1, widest + 1] })).toBe(false);
        expect(takes({ hiddenLayers: [widest, widest] }, undefined, 64)).toBe(false);
      } else {
        expect(takes({ hiddenLayers: [512, 512] }, undefined, 256)).toBe(true);
      }
      expect(takes({ hiddenLayers: [8], batchNorm: true })).toBe(false);
      expect(takes({ hiddenLayers: [8] }, { shift: 1, flip: false, noise: 0 })).toBe(false);
      forceHostKernels(false);
      expect(takes({ hiddenLayers: [8] })).toBe(false);
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

import { describe, expect, it } from "vitest";
import type { ModelConfig, OptimizerName } from "../shared/train";
import {
  MODEL_SIZE_LIMITS,
  OPTIMIZER_SLOTS,
  checkModelSize,
  estimateModelMemory,
  formatMegabytes,
  groupDigits,
  modelSizeProblem,
} from "./model-size";

const mlp = (hiddenLayers: number[], over: Partial<ModelConfig> = {}): ModelConfig => ({
  hiddenLayers,
  activation: "relu",
  dropout: 0,
  batchNorm: false,
  l1: 0,
  l2: 0,
  init: "he",
  ...over,
});

const smallConv = mlp([32], {
  conv: [
    { filters: 8, kernel: 3, pool: "max" },
    { filters: 16, kernel: 3, pool: "max" },
  ],
});

describe("estimateModelMemory: parameters", () => {
  it("counts dense kernels and biases (TensorFlow Playground's 2-4-2-1 network has 25)", () => {
    // 2·4 + 4, 4·2 + 2, 2·1 + 1
    expect(estimateModelMemory(mlp([4, 2]), [2], 1, "sgd", 10).parameters).toBe(25);
    // A linear model: one kernel and a bias per output.
    expect(estimateModelMemory(mlp([]), [13], 3, "sgd", 10).parameters).toBe(13 * 3 + 3);
  });

  it("counts batch normalisation's scale, shift and moving statistics instead of the bias", () => {
    // 2·4 kernel, 4 scale + 4 shift, 4 mean + 4 variance, then 4·1 + 1.
    expect(estimateModelMemory(mlp([4], { batchNorm: true }), [2], 1, "sgd", 10).parameters).toBe(29);
  });

  it("counts convolution kernels and biases, and the flattened pooled maps feeding the dense layers", () => {
    // conv 3·3·1·8 + 8 = 80; conv 3·3·8·16 + 16 = 1,168; 28 → 14 → 7, so 7·7·16 = 784 features;
    // dense 784·32 + 32 = 25,120; output 32·10 + 10 = 330.
    expect(estimateModelMemory(smallConv, [28, 28, 1], 10, "adam", 64).parameters).toBe(26_698);
    // Without pooling the maps keep their size: 8·8·4 = 256 features into 10 outputs.
    const unpooled = mlp([], { conv: [{ filters: 4, kernel: 5, pool: "none" }] });
    expect(estimateModelMemory(unpooled, [8, 8, 3], 10, "sgd", 1).parameters).toBe(
      5 * 5 * 3 * 4 + 4 + 256 * 10 + 10,
    );
    // Odd sides are floored by the 2×2 pooling, as the worker's pooling does: 5 → 2 → 1.
    const odd = mlp([], {
      conv: [
        { filters: 2, kernel: 1, pool: "avg" },
        { filters: 2, kernel: 1, pool: "max" },
      ],
    });
    expect(estimateModelMemory(odd, [5, 5, 1], 1, "sgd", 1).parameters).toBe(4 + 6 + 1 * 1 * 2 + 1);
  });
});

describe("estimateModelMemory: bytes", () => {
  it("stores each weight, each trainable weight's gradient and the optimizer's slots in 4 bytes", () => {
    const model = mlp([16, 16]);
    const params = estimateModelMemory(model, [10], 1, "sgd", 1).parameters;
    for (const [name, slots] of Object.entries(OPTIMIZER_SLOTS)) {
      const { weightBytes } = estimateModelMemory(model, [10], 1, name as OptimizerName, 1);
      expect(weightBytes, name).toBe(4 * params * (2 + slots));
    }
    expect(OPTIMIZER_SLOTS.adam).toBe(2);
    expect(OPTIMIZER_SLOTS.momentum).toBe(1);
    expect(OPTIMIZER_SLOTS.sgd).toBe(0);
  });

  it("gives moving statistics no gradient and no optimizer state", () => {
    const plain = estimateModelMemory(mlp([8], { batchNorm: true }), [4], 1, "adam", 1);
    // 4·8 + 8 + 8 scale/shift + 8·1 + 1 = 57 trainable; 16 moving statistics.
    expect(plain.parameters).toBe(57 + 16);
    expect(plain.weightBytes).toBe(4 * (73 + 57 * 3));
  });

  it("grows activations with the batch size, and adds them to the weights", () => {
    const a = estimateModelMemory(smallConv, [28, 28, 1], 10, "adam", 32);
    const b = estimateModelMemory(smallConv, [28, 28, 1], 10, "adam", 64);
    expect(b.activationBytes).toBe(2 * a.activationBytes);
    expect(b.weightBytes).toBe(a.weightBytes);
    expect(b.bytes).toBe(b.weightBytes + b.activationBytes);
    expect(a.activationBytes).toBeGreaterThan(0);
  });

  it("counts the image patches a convolution multiplies, which grow with the kernel", () => {
    const kernel = (k: number): number =>
      estimateModelMemory(
        mlp([], { conv: [{ filters: 4, kernel: k, pool: "none" }] }),
        [16, 16, 2],
        2,
        "sgd",
        8,
      ).activationBytes;
    // Per example the patch matrix has 16·16·k²·2 values; kept once for the tape and once for its gradient.
    expect(kernel(5) - kernel(3)).toBe(8 * 16 * 16 * (25 - 9) * 2 * 4 * 2);
  });

  it("refuses malformed arguments, naming the value", () => {
    const model = mlp([4]);
    expect(() => estimateModelMemory(model, [], 1, "sgd", 1)).toThrow(
      "example shape must be a non-empty list",
    );
    expect(() => estimateModelMemory(model, [2, 0], 1, "sgd", 1)).toThrow(
      "Size 2 of the example shape must be a positive integer, got 0",
    );
    expect(() => estimateModelMemory(model, [2], 1.5, "sgd", 1)).toThrow(
      "The number of outputs must be a positive integer, got 1.5",
    );
    expect(() => estimateModelMemory(model, [2], 1, "sgd", NaN)).toThrow(
      "The batch size must be a positive integer, got NaN",
    );
    expect(() => estimateModelMemory(model, [2], 1, "lion" as OptimizerName, 1)).toThrow(
      'Unknown optimizer "lion"',
    );
    expect(() => estimateModelMemory(mlp([4, -1]), [2], 1, "sgd", 1)).toThrow(
      "Units of hidden layer 2 must be a positive integer, got -1",
    );
    expect(() => estimateModelMemory(smallConv, [784], 10, "sgd", 1)).toThrow(
      "Conv blocks need examples of shape [height, width, channels], got [784]",
    );
    const badBlock = mlp([], { conv: [{ filters: 8, kernel: 0, pool: "max" }] });
    expect(() => estimateModelMemory(badBlock, [8, 8, 1], 1, "sgd", 1)).toThrow(
      "Kernel size of conv block 1 must be a positive integer, got 0",
    );
  });
});

describe("modelSizeProblem and checkModelSize", () => {
  it("accepts the networks people usually train", () => {
    expect(modelSizeProblem(mlp([4, 2]), [2], 1, "sgd", 32)).toBeNull();
    expect(modelSizeProblem(smallConv, [28, 28, 1], 10, "adam", 256)).toBeNull();
    expect(modelSizeProblem(mlp([256, 256, 256]), [64], 10, "adamw", 4096)).toBeNull();
  });

  it("refuses too many parameters, naming the count, the memory and the limit", () => {
    // Four unpooled blocks of 256 filters leave 28·28·256 = 200,704 features for 1,024 units.
    const huge = mlp([1024], {
      conv: Array.from({ length: 4 }, () => ({ filters: 256, kernel: 9, pool: "none" as const })),
    });
    const { parameters } = estimateModelMemory(huge, [28, 28, 1], 10, "adam", 32);
    expect(parameters).toBeGreaterThan(MODEL_SIZE_LIMITS.maxParameters);
    const message = modelSizeProblem(huge, [28, 28, 1], 10, "adam", 32)!;
    expect(message).toMatch(/^The model is too large: [\d,]+ parameters \(about [\d,]+ MB to train: /);
    expect(message).toContain(`${groupDigits(parameters)} parameters`);
    expect(message).toContain("adam's 2 values per weight");
    expect(message).toContain("the limit is 20,000,000 parameters and 512 MB");
    expect(() => checkModelSize(huge, [28, 28, 1], 10, "adam", 32)).toThrow(message);
  });

  it("refuses a small model whose batch of activations does not fit, naming the batch", () => {
    const wide = mlp([1024, 1024, 1024, 1024]);
    expect(estimateModelMemory(wide, [7], 1, "sgd", 4096).parameters).toBeLessThan(
      MODEL_SIZE_LIMITS.maxParameters,
    );
    expect(modelSizeProblem(wide, [7], 1, "sgd", 512)).toBeNull();
    const message = modelSizeProblem(
      mlp([1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024]),
      [7],
      1,
      "sgd",
      65_536,
    );
    expect(message).toContain("the activations of a batch of 65,536 take");
    expect(message).toContain("weights and gradients take");
  });

  it("holds exactly at the limits and refuses one past them", () => {
    const model = mlp([4, 2]);
    const { parameters, bytes } = estimateModelMemory(model, [2], 1, "sgd", 1);
    expect(
      modelSizeProblem(model, [2], 1, "sgd", 1, { maxParameters: parameters, maxBytes: bytes }),
    ).toBeNull();
    expect(
      modelSizeProblem(model, [2], 1, "sgd", 1, { maxParameters: parameters - 1, maxBytes: bytes }),
    ).toContain("the limit is 24 parameters");
    expect(
      modelSizeProblem(model, [2], 1, "sgd", 1, { maxParameters: parameters, maxBytes: bytes - 1 }),
    ).toContain("The model is too large: 25 parameters");
  });
});

describe("number formatting for the message", () => {
  it("groups digits and writes megabytes", () => {
    expect(groupDigits(20_000_000)).toBe("20,000,000");
    expect(groupDigits(999)).toBe("999");
    expect(groupDigits(1000)).toBe("1,000");
    expect(formatMegabytes(512 * 1024 * 1024)).toBe("512 MB");
    expect(formatMegabytes(1.5 * 1024 * 1024)).toBe("1.5 MB");
    expect(formatMegabytes(12_345 * 1024 * 1024)).toBe("12,345 MB");
  });
});

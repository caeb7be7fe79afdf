/**
 * Presets of good settings, each with a word on why it is good. A preset names only the settings
 * it changes; applying it leaves every other setting as it was. Presets are plain data so a test
 * can check each one against the playground's validation and the worker's.
 */
import { formatValue, propertyOf, type ConfigKey, type PlaygroundConfig } from "../playground-config";

export interface Preset {
  id: string;
  /** Short name shown in the menu. */
  title: string;
  /** Why these settings are a good start, in a sentence or two. */
  why: string;
  /** The settings the preset sets; nothing else changes. */
  values: Partial<PlaygroundConfig>;
}

export const PRESETS: readonly Preset[] = [
  {
    id: "adam-safe",
    title: "Adam, learning rate 0.003",
    why: "A safe default for small MLPs: Adam adapts the step of every weight, so one rate suits all layers, and 0.003 trains quickly without the spikes of larger rates.",
    values: { optimizer: "adam", learningRate: 0.003, beta1: 0.9, beta2: 0.999 },
  },
  {
    id: "sgd-momentum-cosine",
    title: "SGD + momentum 0.9, warmup and cosine decay",
    why: "Momentum smooths SGD's zig-zag so a larger rate works; a short warmup keeps the first noisy steps from blowing up, and the cosine decay lets the weights settle into a minimum at the end.",
    values: {
      optimizer: "momentum",
      momentum: 0.9,
      learningRate: 0.05,
      schedule: "cosine",
      warmupEpochs: 5,
      minFactor: 0.01,
    },
  },
  {
    id: "dropout-l2",
    title: "Dropout 0.3 + L2 0.0001 for small noisy data",
    why: "With few, noisy examples a network memorises the noise: dropout keeps units from relying on each other and L2 keeps the weights small, so the validation loss stays close to the training loss.",
    values: { dropout: 0.3, l2: 0.0001 },
  },
  {
    id: "large-batch",
    title: "Large batch (256) with a scaled rate",
    why: "A batch 8× larger averages away most of the gradient noise, so the rate can grow about as much (0.003 × 8 ≈ 0.024, the linear scaling rule) and an epoch takes fewer, faster steps; a short warmup keeps the larger rate stable.",
    values: { batchSize: 256, learningRate: 0.024, warmupEpochs: 3 },
  },
  {
    id: "early-stopping",
    title: "Train long, stop early",
    why: "Rather than guess the number of epochs, allow many and stop when the validation loss has not improved for 15 epochs, keeping the best weights seen.",
    values: { epochs: 300, earlyStopping: true, patience: 15, restoreBest: true },
  },
  {
    id: "conv-digits",
    title: "Conv net for digits",
    why: "Convolutions share their weights across the image, so two small blocks (16 and 32 filters, 3×3, max pooling) learn strokes with far fewer weights than a dense layer; a one-pixel random shift teaches the net that a digit moved is the same digit.",
    values: {
      dataset: "digits",
      conv: [
        { filters: 16, kernel: 3, pool: "max" },
        { filters: 32, kernel: 3, pool: "max" },
      ],
      hiddenLayers: [64],
      activation: "relu",
      init: "he",
      optimizer: "adam",
      learningRate: 0.003,
      batchSize: 32,
      epochs: 20,
      augShift: 1,
      augFlip: false,
    },
  },
];

/** The preset of an id, or undefined. */
export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** The settings a preset names, in its own order. */
export function presetKeys(preset: Preset): ConfigKey[] {
  return Object.keys(preset.values) as ConfigKey[];
}

/** "Label value" of each setting the preset changes, as the menu shows them (choice values by label). */
export function presetChanges(preset: Preset): { key: ConfigKey; label: string; value: string }[] {
  return presetKeys(preset).map((key) => {
    const prop = propertyOf(key);
    const value = preset.values[key];
    let text = formatValue(prop, value);
    if (prop.kind === "choice" || prop.kind === "dataset") {
      text = prop.choices.find((c) => c.value === value)?.label ?? text;
    } else if (prop.kind === "boolean") {
      text = value ? "on" : "off";
    } else if (prop.kind === "layers") {
      text = text === "" ? "none" : text;
    }
    return { key, label: prop.label, value: text };
  });
}

/** The configuration with the preset applied: only the settings it names change (copied, not shared). */
export function applyPreset(config: PlaygroundConfig, preset: Preset): PlaygroundConfig {
  const values = JSON.parse(JSON.stringify(preset.values)) as Partial<PlaygroundConfig>;
  return { ...config, ...values };
}

/** Whether the configuration already holds every value the preset sets. */
export function presetApplied(config: PlaygroundConfig, preset: Preset): boolean {
  return presetKeys(preset).every(
    (key) => JSON.stringify(config[key]) === JSON.stringify(preset.values[key]),
  );
}

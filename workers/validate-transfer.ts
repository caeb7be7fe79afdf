/**
 * Checks of a run's transfer-learning settings: its own fields before anything is made, and
 * whether the classes it names exist in the dataset once the worker has the arrays.
 */
import type { DatasetArrays, TransferConfig } from "../src/shared/train";
import { integerIn, numberIn } from "./validate-data";

export const MAX_PRETRAIN_EPOCHS = 1000;
export const MAX_EXAMPLES_PER_CLASS = 100_000;

function classList(name: string, classes: unknown): number[] {
  if (!Array.isArray(classes) || classes.length < 2) {
    throw new Error(`${name} must be a list of at least 2 class indices, got ${JSON.stringify(classes)}`);
  }
  classes.forEach((c, i) => integerIn(`${name}[${i}]`, c as number, 0, Number.MAX_SAFE_INTEGER));
  const repeated = classes.find((c, i) => classes.indexOf(c) !== i);
  if (repeated !== undefined) {
    throw new Error(
      `${name} must not repeat a class, got ${String(repeated)} twice in [${classes.join(", ")}]`,
    );
  }
  return classes as number[];
}

/** Throws naming the field and value unless `transfer` is absent or well formed. */
export function validateTransfer(transfer: TransferConfig | undefined): void {
  if (transfer === undefined) return;
  if (!transfer || typeof transfer !== "object") {
    throw new Error(`Transfer must be { classes, examplesPerClass, pretrain? }, got ${String(transfer)}`);
  }
  const target = classList("Transfer classes", transfer.classes);
  integerIn("Transfer examplesPerClass", transfer.examplesPerClass, 0, MAX_EXAMPLES_PER_CLASS);
  const pretrain = transfer.pretrain;
  if (pretrain === undefined) return;
  if (!pretrain || typeof pretrain !== "object") {
    throw new Error(
      `Transfer pretrain must be { classes, epochs, lowerRateFactor }, got ${String(pretrain)}`,
    );
  }
  const source = classList("Transfer pretrain classes", pretrain.classes);
  const shared = source.filter((c) => target.includes(c));
  if (shared.length > 0) {
    throw new Error(
      `Transfer pretrain classes must differ from the target classes, but both have ${shared.join(", ")}`,
    );
  }
  integerIn("Transfer pretrain epochs", pretrain.epochs, 1, MAX_PRETRAIN_EPOCHS);
  if (pretrain.batchSize !== undefined)
    integerIn("Transfer pretrain batchSize", pretrain.batchSize, 1, 65_536);
  numberIn("Transfer pretrain lowerRateFactor", pretrain.lowerRateFactor, 0, 1);
}

/** Throws unless the dataset is a multi-class one that has every class the transfer names. */
export function validateTransferAgainstData(transfer: TransferConfig | undefined, a: DatasetArrays): void {
  if (transfer === undefined) return;
  if (a.task !== "multiclass") {
    throw new Error(`Transfer learning needs a multi-class dataset; dataset "${a.id}" is ${a.task}`);
  }
  const named = [...transfer.classes, ...(transfer.pretrain?.classes ?? [])];
  const missing = named.find((c) => c >= a.classes);
  if (missing !== undefined) {
    throw new Error(
      `Transfer names class ${missing}, but dataset "${a.id}" has classes 0 to ${a.classes - 1} only`,
    );
  }
}

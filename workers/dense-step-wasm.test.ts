import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll } from "vitest";
import { denseStepSuites } from "./test/dense-step-checks";
import { builtinArrays } from "./test/datasets";

beforeAll(async () => {
  await tf.setBackend("wasm");
  await tf.ready();
});

const digits = builtinArrays(
  "digits",
  (path) => new Uint8Array(readFileSync(new URL(`../public/${path}`, import.meta.url))),
);
denseStepSuites(tf, digits);

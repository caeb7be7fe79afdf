import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll } from "vitest";
import { hostKernelSuites } from "./test/host-checks";

beforeAll(async () => {
  await tf.setBackend("wasm");
  await tf.ready();
});

hostKernelSuites(tf);

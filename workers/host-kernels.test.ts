import * as tf from "@tensorflow/tfjs";
import { beforeAll } from "vitest";
import { hostKernelSuites } from "./test/host-checks";

beforeAll(async () => {
  await tf.setBackend("cpu");
  await tf.ready();
});

hostKernelSuites(tf);

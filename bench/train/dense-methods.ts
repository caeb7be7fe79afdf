/**
 * The dense-method comparison (`--dense-methods`): the trainer with tfjs's fused product against
 * the transposed-gradient product of workers/dense-op.ts, alternating in one session. Printed only.
 */
import type { Page } from "playwright-core";
import type { BackendName } from "../../src/shared/train";
import type { DenseMethod } from "../../workers/dense-op";
import { throughputCases, type ThroughputCase } from "./cases";
import { median, samplesPerSec } from "./measure";
import { call, log, message, type RunOptions } from "./runs";

/** Per-repetition samples/s of the trainer with each dense method, on one backend. */
export interface DenseMethodCase {
  case: ThroughputCase;
  rates: Record<DenseMethod, number[]>;
}

const DENSE_METHODS: DenseMethod[] = ["fused", "transposed"];

/**
 * The trainer with tfjs's fused product ("fused", the path before workers/dense-op.ts) against the
 * transposed-gradient product, alternating run by run (which goes first alternates too), in two
 * workers of one session. Printed only: BENCHMARKS.md is not written.
 */
export async function measureDenseMethods(
  page: Page,
  backend: BackendName,
  options: RunOptions,
): Promise<DenseMethodCase[] | null> {
  const cases = throughputCases(backend);
  try {
    const info = await call(
      page,
      `starting ${backend} trainers`,
      (x) => {
        const a = x as { backend: BackendName; methods: DenseMethod[]; cases: ThroughputCase[] };
        return window.trainBench.openDenseMethods(a.backend, a.methods, a.cases);
      },
      { backend, methods: DENSE_METHODS, cases },
    );
    log(`${backend}: ${info.reason}${info.adapter ? ` — ${info.adapter}` : ""}`);
    const results: DenseMethodCase[] = cases.map((c) => ({ case: c, rates: { fused: [], transposed: [] } }));
    for (let rep = 1; rep <= options.reps; rep++) {
      const order = rep % 2 === 1 ? DENSE_METHODS : [...DENSE_METHODS].reverse();
      for (const r of results) {
        for (const method of order) {
          const timing = await call(
            page,
            `${method} trainer run`,
            (x) => {
              const a = x as { method: DenseMethod; c: ThroughputCase };
              return window.trainBench.runDenseMethod(a.method, a.c);
            },
            { method, c: r.case },
          );
          r.rates[method].push(samplesPerSec(r.case, timing.epochEnds));
        }
        log(
          `  ${backend} ${r.case.id} rep ${rep}: fused ${Math.round(r.rates.fused.at(-1)!)} samples/s, ` +
            `transposed ${Math.round(r.rates.transposed.at(-1)!)} samples/s`,
        );
      }
    }
    for (const method of DENSE_METHODS) {
      const n = await call(
        page,
        "tensor count",
        (m) => window.trainBench.denseMethodTensors(m as DenseMethod),
        method,
      );
      log(`  ${backend}: live tensors in the ${method} trainer after the runs: ${n}`);
    }
    return results;
  } catch (err) {
    log(`${backend}: dense-method comparison failed: ${message(err)}`);
    return null;
  } finally {
    await call(page, "closing the trainers", () => window.trainBench.closeDenseMethods()).catch(
      () => undefined,
    );
  }
}

/** A markdown table of dense-method comparisons: medians, ranges and paired ratios per backend and case. */
export function denseMethodTable(outcomes: { backend: BackendName; results: DenseMethodCase[] }[]): string {
  const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
  const range = (xs: number[]) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
  const rows = outcomes.flatMap(({ backend, results }) =>
    results.map((r) => {
      const { fused, transposed } = r.rates;
      const paired = transposed.map((t, i) => t / fused[i]);
      return (
        `| ${backend} | ${r.case.label} | ${fmt(median(fused))} (${range(fused)}) | ` +
        `${fmt(median(transposed))} (${range(transposed)}) | **${(median(transposed) / median(fused)).toFixed(2)}** | ` +
        `${median(paired).toFixed(2)} (${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)}) |`
      );
    }),
  );
  return [
    "| backend | model | fused (tfjs's gradient) samples/s, median (range) | transposed gradient samples/s, median (range) | ratio of medians | paired ratio, median (range) |",
    "| --- | --- | ---: | ---: | ---: | --- |",
    ...rows,
  ].join("\n");
}

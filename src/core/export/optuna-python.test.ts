/**
 * Checks the exported Python script against the real thing: with Optuna (Debian's python3-optuna,
 * 3.1) it compiles, samples, builds the same data and the same learning-rate schedule. Keras and
 * TensorFlow are not installed here, so the training itself is not run.
 */
import { copyFileSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { prepare2D } from "../datasets/prepare";
import { defaultConfig, toTrainConfig } from "../playground-config";
import { learningRateAt } from "../schedules";
import { checkParams } from "../search/space";
import type { Params } from "../search/types";
import { trialLayers, trialTrainConfig, type StudyConfig } from "../study/study-config";
import type { ScheduleConfig } from "../../shared/train";
import { exampleStudyConfig, exampleStudyExportBody } from "./example-study";
import { toOptunaJournal } from "./optuna-journal";
import type { Dataset2DSpec } from "../../shared/train";
import { toPythonScript } from "./python-script";
import { PYTHON_TIMEOUT, pythonSandbox } from "./python-sandbox.node";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const sandbox = pythonSandbox();

const SAMPLERS: StudyConfig["sampler"][] = [
  { name: "random" },
  { name: "tpe", multivariate: true },
  { name: "qmc" },
  { name: "grid", n: 2 },
  { name: "gp" },
];
const PRUNERS: StudyConfig["pruner"][] = [
  { name: "none" },
  { name: "median" },
  { name: "percentile", percentile: 25 },
  { name: "asha" },
  { name: "hyperband", maxResource: 6 },
];

describe("the Python script, run by Python", () => {
  it(
    "compiles for every sampler and pruner, and keeps hostile study names inert",
    () => {
      const files = SAMPLERS.flatMap((sampler, i) =>
        PRUNERS.map((pruner, j) =>
          sandbox.write(`study_${i}_${j}.py`, toPythonScript({ ...exampleStudyConfig(), sampler, pruner })),
        ),
      );
      const names = [
        'a"""\\u00e9\n\\x\u2028"',
        'ends with two quotes""',
        '"',
        "\\",
        '""" + __import__("os").getcwd() + """',
      ];
      const hostile = names.map((name, i) =>
        sandbox.write(`hostile_${i}.py`, toPythonScript({ ...exampleStudyConfig(), name })),
      );
      sandbox.run(["-m", "py_compile", ...files, ...hostile]);
      const driver = sandbox.write(
        "names.py",
        `
import importlib.util, json, sys
out = []
for i, path in enumerate(sys.argv[1:]):
    spec = importlib.util.spec_from_file_location("hostile_%d" % i, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out.append([module.STUDY_NAME, module.__doc__.splitlines()[0]])
print(json.dumps(out))
`,
      );
      const read: [string, string][] = JSON.parse(sandbox.run([driver, ...hostile]));
      read.forEach(([studyName, docFirstLine], i) => {
        expect(studyName).toBe(names[i]);
        // The whole name stays inside the docstring's first line, quotes and all.
        expect(docFirstLine).toBe(
          `Tunelab study "${names[i].replace(/[\r\n\u2028\u2029]+/g, " ")}", exported as a runnable Optuna + Keras script.`,
        );
      });
    },
    PYTHON_TIMEOUT,
  );

  it(
    "samples valid parameters with every sampler and builds each trial's data (--dry-run)",
    () => {
      const config = exampleStudyConfig();
      const data = prepare2D(toTrainConfig(config.base).data as Dataset2DSpec, config.base.seed);
      for (const sampler of SAMPLERS) {
        const script = sandbox.write(`dry_${sampler.name}.py`, toPythonScript({ ...config, sampler }));
        const lines = sandbox
          .run([script, "--dry-run", "4"])
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l));
        expect(lines.map((l: Json) => l.number)).toEqual([0, 1, 2, 3]);
        for (const line of lines) {
          const params = line.params as Params;
          expect(
            () => checkParams(config.space, params),
            `${sampler.name}: ${JSON.stringify(params)}`,
          ).not.toThrow();
          expect(line.hiddenLayers).toEqual(trialLayers(config.base.hiddenLayers, params));
          expect(line.hiddenLayers).toEqual(trialTrainConfig(config, params).model.hiddenLayers);
          expect([line.train, line.val]).toEqual([data.train.length, data.val.length]);
        }
      }
    },
    PYTHON_TIMEOUT,
  );

  it(
    "continues a study exported as a journal, and takes an RDB URL as --storage",
    () => {
      const body = exampleStudyExportBody();
      const journal = sandbox.write("continue.log", toOptunaJournal(body.config, body.trials));
      copyFileSync(journal, sandbox.path("continue-before.log"));
      const script = sandbox.write("continue.py", toPythonScript(body.config));
      const lines = sandbox
        .run([script, "--dry-run", "3", "--storage", journal])
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      // The stored trials count as history: new ones are numbered after them.
      expect(lines.map((l: Json) => l.number)).toEqual([7, 8, 9]);
      for (const line of lines) expect(() => checkParams(body.config.space, line.params)).not.toThrow();
      // A dry run never writes to the storage.
      expect(readFileSync(journal, "utf8")).toBe(readFileSync(sandbox.path("continue-before.log"), "utf8"));
      const rdb = sandbox
        .run([script, "--dry-run", "2", "--storage", `sqlite:///${sandbox.path("study.db")}`])
        .trim()
        .split("\n");
      expect(rdb).toHaveLength(2);
    },
    PYTHON_TIMEOUT,
  );

  it(
    "builds the same data as the browser for every generator (--dump-data)",
    () => {
      const datasets = [
        "circle",
        "xor",
        "gaussian",
        "spiral",
        "multiclass",
        "reg-plane",
        "reg-gaussian",
      ] as const;
      const configs = datasets.map((dataset): StudyConfig => ({
        ...exampleStudyConfig(),
        base: {
          ...defaultConfig(),
          dataset,
          noise: 25,
          samples: 301,
          classes: 4,
          trainRatio: 0.65,
          seed: 12345,
          features: ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"],
        },
      }));
      // The first through the command line; the others by importing the script, in one Python process.
      const first = sandbox.path("data_cli.json");
      sandbox.run([sandbox.write("dump_cli.py", toPythonScript(configs[0])), "--dump-data", first]);
      const scripts = configs.map((c, i) => sandbox.write(`dump_${i}.py`, toPythonScript(c)));
      const driver = sandbox.write(
        "dump_driver.py",
        `
import importlib.util, json, sys
out = []
for i, path in enumerate(sys.argv[1:]):
    spec = importlib.util.spec_from_file_location("study_%d" % i, path)
    study = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(study)
    data = study.prepare_data(study.BASE)
    out.append({k: v.tolist() if hasattr(v, "tolist") else v for k, v in data.items()})
print(json.dumps(out))
`,
      );
      const all: Json[] = JSON.parse(sandbox.run([driver, ...scripts]));
      expect(JSON.parse(readFileSync(first, "utf8"))).toEqual(all[0]);
      const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
      configs.forEach((config, i) => {
        const py = all[i];
        const dataset = config.base.dataset;
        const ts = prepare2D(toTrainConfig(config.base).data as Dataset2DSpec, config.base.seed);
        expect(py.task, dataset).toBe(ts.task);
        expect(py.classes).toBe(ts.classes);
        expect(py.train_x).toHaveLength(ts.train.length);
        expect(py.val_x).toHaveLength(ts.val.length);
        expect(py.train_x[0]).toHaveLength(7);
        expect(
          py.train_x.flat().every((v: number, j: number) => close(v, ts.trainX[j])),
          dataset,
        ).toBe(true);
        expect(
          py.val_x.flat().every((v: number, j: number) => close(v, ts.valX[j])),
          dataset,
        ).toBe(true);
        expect(
          py.train_y.flat().every((v: number, j: number) => close(v, ts.trainY[j])),
          dataset,
        ).toBe(true);
        expect(
          py.val_y.flat().every((v: number, j: number) => close(v, ts.valY[j])),
          dataset,
        ).toBe(true);
      });
    },
    PYTHON_TIMEOUT,
  );

  it(
    "has the browser's learning-rate schedule and applies parameters as trialTrainConfig does",
    () => {
      const config = { ...exampleStudyConfig(), name: 'Circle "x""" \\u00e9\n\\x \u2028 end' };
      const kinds: ScheduleConfig["kind"][] = [
        "constant",
        "step",
        "exponential",
        "cosine",
        "cyclic",
        "onecycle",
      ];
      const schedules = kinds.map((kind, i) => {
        const schedule: ScheduleConfig = {
          kind,
          warmupEpochs: i % 2 === 0 ? 1.5 : 0,
          gamma: 0.7,
          stepEpochs: 2,
          minFactor: 0.05,
          cycleEpochs: 1.5,
        };
        return { lr: 0.04, schedule, spe: 7, epochs: 9 };
      });
      const params: Params[] = [
        { layers: 3, units_1: 5, units_2: 9, units_3: 17, learningRate: 0.01 },
        { layers: 1, units_1: 30, optimizer: "momentum", momentum: 0.9, dropout: 0.2 },
        { learningRate: 0.002, batchSize: 64 },
        { layers: 4, units: 12 },
        { layers: 4, activation: "relu", batchNorm: true },
      ];
      const cases = {
        schedules: schedules.map((s) => ({
          lr: s.lr,
          settings: { ...s.schedule, schedule: s.schedule.kind },
          spe: s.spe,
          epochs: s.epochs,
        })),
        params,
      };
      const driver = sandbox.write(
        "driver.py",
        `
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("study", sys.argv[1])
study = importlib.util.module_from_spec(spec)
spec.loader.exec_module(study)
cases = json.load(open(sys.argv[2]))
rates = [[study.learning_rate_at(step, c["lr"], c["settings"], c["spe"], c["epochs"]) for step in range(c["spe"] * c["epochs"])] for c in cases["schedules"]]
settings = [study.apply_params(study.BASE, p) for p in cases["params"]]
print(json.dumps({"name": study.STUDY_NAME, "rates": rates, "settings": settings}))
`,
      );
      const out: Json = JSON.parse(
        sandbox.run([
          driver,
          sandbox.write("study_module.py", toPythonScript(config)),
          sandbox.write("cases.json", JSON.stringify(cases)),
        ]),
      );
      expect(out.name).toBe(config.name);
      schedules.forEach((s, i) => {
        const expected = Array.from({ length: s.spe * s.epochs }, (_, step) =>
          learningRateAt(step, s.lr, s.schedule, s.spe, s.epochs),
        );
        out.rates[i].forEach((rate: number, step: number) => {
          expect(Math.abs(rate - expected[step]), `${s.schedule.kind} step ${step}`).toBeLessThanOrEqual(
            1e-12 * s.lr,
          );
        });
      });
      params.forEach((p, i) => {
        const t = trialTrainConfig(config, p);
        const got = out.settings[i];
        expect(got.hiddenLayers).toEqual(t.model.hiddenLayers);
        expect(got.learningRate).toBe(t.learningRate);
        expect(got.optimizer).toBe(t.optimizer.name);
        expect(got.momentum).toBe(t.optimizer.momentum);
        expect(got.dropout).toBe(t.model.dropout);
        expect(got.batchSize).toBe(t.batchSize);
        expect(got.activation).toBe(t.model.activation);
        expect(got.batchNorm).toBe(t.model.batchNorm);
      });
    },
    PYTHON_TIMEOUT,
  );
});

/**
 * Checks the exports against the real thing: Optuna (Debian's python3-optuna, 3.1) loads the
 * journal, and the generated Python script compiles, samples, builds the same data and the same
 * learning-rate schedule. Keras/TensorFlow are not installed here, so the training itself is not run.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepare2D } from "../datasets/prepare";
import { defaultConfig, toTrainConfig } from "../playground-config";
import { learningRateAt } from "../schedules";
import { checkParams } from "../search/space";
import type { Params } from "../search/types";
import { objectiveCurve, trialLayers, trialTrainConfig, type StudyConfig } from "../study/study-config";
import type { ScheduleConfig } from "../../shared/train";
import { exampleStudyConfig, exampleStudyExportBody } from "./example-study";
import { optunaDistribution, toOptunaJournal } from "./optuna-journal";
import type { Dataset2DSpec } from "../../shared/train";
import { toPythonScript } from "./python-script";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A Python that imports optuna: $OPTUNA_PYTHON (as scripts/ensure-test-deps.mjs), Debian's
 * /usr/bin/python3, or the one on PATH (often a pyenv one without optuna).
 */
function findOptunaPython(): string {
  const candidates = [process.env.OPTUNA_PYTHON, "/usr/bin/python3", "python3", "python"].filter(
    (c): c is string => typeof c === "string" && c !== "",
  );
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ["-c", "import optuna"], { encoding: "utf8" });
    if (probe.status === 0) return candidate;
  }
  throw new Error(
    `No Python with Optuna found (tried ${candidates.join(", ")}). Install Debian's python3-optuna ` +
      "(apt-get install python3-optuna) or set OPTUNA_PYTHON to a Python that imports optuna.",
  );
}

/** Generous: each Python start imports Optuna, and the machine may be busy (no timing is asserted). */
const PYTHON_TIMEOUT = 300_000;

let python = "";
let dir = "";

beforeAll(() => {
  python = findOptunaPython();
  dir = mkdtempSync(join(tmpdir(), "tunelab-optuna-"));
}, PYTHON_TIMEOUT);

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

function run(args: string[]): string {
  const result = spawnSync(python, args, {
    cwd: dir,
    encoding: "utf8",
    timeout: PYTHON_TIMEOUT,
    env: { ...process.env, PYTHONWARNINGS: "ignore" },
  });
  if (result.status !== 0) {
    throw new Error(
      `${python} ${args.join(" ")} exited with ${result.status}:\n${result.stderr}\n${result.stdout}`,
    );
  }
  return result.stdout;
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const LOAD_JOURNAL = `
import json, sys
import optuna
from optuna.distributions import distribution_to_json
optuna.logging.set_verbosity(optuna.logging.WARNING)

path, name = sys.argv[1], sys.argv[2]
storage = optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(path))
study = optuna.load_study(study_name=name, storage=storage)
out = {"direction": study.direction.name, "user_attrs": study.user_attrs, "best": study.best_trial.number, "trials": []}
for t in study.trials:
    out["trials"].append({
        "number": t.number,
        "state": t.state.name,
        "value": t.value,
        "params": t.params,
        "distributions": {k: json.loads(distribution_to_json(d)) for k, d in t.distributions.items()},
        "intermediate": {str(k): v for k, v in t.intermediate_values.items()},
        "user_attrs": t.user_attrs,
        "start": t.datetime_start.isoformat() if t.datetime_start else None,
        "complete": t.datetime_complete.isoformat() if t.datetime_complete else None,
    })
# The study must go on: a TPE trial over the same distributions, told and read back by a fresh storage.
study.sampler = optuna.samplers.TPESampler(seed=0)
trial = study.ask(fixed_distributions=study.trials[0].distributions)
study.tell(trial, 0.25)
again = optuna.load_study(study_name=name, storage=optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(path)))
out["continued"] = {"number": trial.number, "count": len(again.trials), "state": again.trials[-1].state.name}
print(json.dumps(out))
`;

describe("Optuna journal, loaded by Optuna", () => {
  it(
    "gives Optuna the same trials: numbers, states, values, parameters, distributions, intermediate values",
    () => {
      const body = exampleStudyExportBody();
      const journal = write("journal.log", toOptunaJournal(body.config, body.trials));
      const loaded: Json = JSON.parse(
        run([write("load_journal.py", LOAD_JOURNAL), journal, body.config.name]),
      );

      expect(loaded.direction).toBe("MINIMIZE");
      expect(loaded.user_attrs.tunelab_objective).toEqual(body.config.objective);
      expect(loaded.user_attrs.tunelab_sampler).toEqual(body.config.sampler);
      expect(loaded.trials).toHaveLength(body.trials.length);
      const complete = body.trials.filter((t) => t.state === "complete");
      expect(loaded.best).toBe(complete.reduce((a, b) => (b.value! < a.value! ? b : a)).number);

      const expectedState = {
        complete: "COMPLETE",
        pruned: "PRUNED",
        failed: "FAIL",
        running: "FAIL",
        interrupted: "FAIL",
      };
      body.trials.forEach((t, i) => {
        const got = loaded.trials[i];
        expect(got.number).toBe(t.number);
        expect(got.state).toBe(expectedState[t.state]);
        expect(got.value).toBe(t.value);
        expect(got.params).toEqual(t.params);
        const distributions = Object.fromEntries(
          Object.keys(t.params).map((k) => [k, optunaDistribution(body.config.space[k])]),
        );
        expect(got.distributions).toEqual(distributions);
        const curve = objectiveCurve(t.epochs, body.config.objective);
        expect(got.intermediate).toEqual(
          Object.fromEntries(t.epochs.map((e, k) => [String(e.epoch), curve[k]])),
        );
        expect(Date.parse(`${got.start}Z`)).toBe(Date.parse(t.startedAt!));
        expect(Date.parse(`${got.complete}Z`)).toBe(Date.parse(t.endedAt ?? t.startedAt!));
        expect(got.user_attrs.reason).toBe(t.reason ?? undefined);
        expect(got.user_attrs.worker).toBe(t.worker);
        expect(got.user_attrs.tunelab_state).toBe(
          t.state === "interrupted" || t.state === "running" ? t.state : undefined,
        );
      });
      // Conditional parameters appear only where active.
      const oneLayer = loaded.trials.find((t: Json) => t.params.layers === 1);
      expect(oneLayer.params.units_2).toBeUndefined();
      expect(
        loaded.trials.some(
          (t: Json) => t.params.optimizer === "momentum" && typeof t.params.momentum === "number",
        ),
      ).toBe(true);
      expect(loaded.continued).toEqual({
        number: body.trials.length,
        count: body.trials.length + 1,
        state: "COMPLETE",
      });
    },
    PYTHON_TIMEOUT,
  );
});

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
          write(`study_${i}_${j}.py`, toPythonScript({ ...exampleStudyConfig(), sampler, pruner })),
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
        write(`hostile_${i}.py`, toPythonScript({ ...exampleStudyConfig(), name })),
      );
      run(["-m", "py_compile", ...files, ...hostile]);
      const driver = write(
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
      const read: [string, string][] = JSON.parse(run([driver, ...hostile]));
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
        const script = write(`dry_${sampler.name}.py`, toPythonScript({ ...config, sampler }));
        const lines = run([script, "--dry-run", "4"])
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
      const journal = write("continue.log", toOptunaJournal(body.config, body.trials));
      copyFileSync(journal, join(dir, "continue-before.log"));
      const script = write("continue.py", toPythonScript(body.config));
      const lines = run([script, "--dry-run", "3", "--storage", journal])
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      // The stored trials count as history: new ones are numbered after them.
      expect(lines.map((l: Json) => l.number)).toEqual([7, 8, 9]);
      for (const line of lines) expect(() => checkParams(body.config.space, line.params)).not.toThrow();
      // A dry run never writes to the storage.
      expect(readFileSync(journal, "utf8")).toBe(readFileSync(join(dir, "continue-before.log"), "utf8"));
      const rdb = run([script, "--dry-run", "2", "--storage", `sqlite:///${join(dir, "study.db")}`])
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
      const first = join(dir, "data_cli.json");
      run([write("dump_cli.py", toPythonScript(configs[0])), "--dump-data", first]);
      const scripts = configs.map((c, i) => write(`dump_${i}.py`, toPythonScript(c)));
      const driver = write(
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
      const all: Json[] = JSON.parse(run([driver, ...scripts]));
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
      const driver = write(
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
        run([
          driver,
          write("study_module.py", toPythonScript(config)),
          write("cases.json", JSON.stringify(cases)),
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

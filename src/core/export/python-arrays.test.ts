/**
 * The exported script's array datasets and cross-validation, run by the real Python (with NumPy,
 * scikit-learn and Optuna, as Debian packages them): the same rows in each split and fold as the
 * browser's, standardised with the training rows only, and the pruning of a cross-validated trial
 * asked of Optuna's own pruner with the fold-mean curve. TensorFlow is not needed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetCard, decodeBuiltin, generateBuiltin } from "../datasets/catalog";
import { splitSeedOf } from "../datasets/prepare";
import { splitIndices } from "../datasets/split";
import { fitStandardizer, gatherStandardized } from "../datasets/standardize";
import { defaultConfig } from "../playground-config";
import { cvPruningCurve } from "../study/cross-validation";
import { defaultStudyConfig, type StudyConfig } from "../study/study-config";
import type { DatasetArrays } from "../../shared/train";
import { exampleCvStudyExportBody } from "./example-study";
import { toOptunaJournal } from "./optuna-journal";
import { toPythonScript } from "./python-script";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A Python with Optuna and scikit-learn: $OPTUNA_PYTHON, Debian's /usr/bin/python3, or the one on PATH. */
function findPython(): string {
  const candidates = [process.env.OPTUNA_PYTHON, "/usr/bin/python3", "python3"].filter(
    (c): c is string => typeof c === "string" && c !== "",
  );
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ["-c", "import optuna, sklearn"], { encoding: "utf8" });
    if (probe.status === 0) return candidate;
  }
  throw new Error(
    `No Python with Optuna and scikit-learn found (tried ${candidates.join(", ")}). Install Debian's ` +
      "python3-optuna and python3-sklearn, or set OPTUNA_PYTHON.",
  );
}

const PYTHON_TIMEOUT = 300_000;
let python = "";
let dir = "";

beforeAll(() => {
  python = findPython();
  dir = mkdtempSync(join(tmpdir(), "tunelab-arrays-"));
}, PYTHON_TIMEOUT);

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

function run(args: string[]): string {
  const result = spawnSync(python, args, {
    cwd: dir,
    encoding: "utf8",
    timeout: PYTHON_TIMEOUT,
    maxBuffer: 512 * 1024 * 1024,
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

function builtinArrays(id: string): DatasetArrays {
  const card = datasetCard(id);
  if (card.generated) return generateBuiltin(card);
  const bytes = new Uint8Array(readFileSync(join(__dirname, "../../../public", card.file!.path)));
  return decodeBuiltin(card, bytes);
}

function studyOn(dataset: string, folds?: number): StudyConfig {
  const base = { ...defaultConfig(), dataset, valRatio: 0.25, testRatio: 0.2, seed: 7 };
  const config = defaultStudyConfig(base);
  return folds ? { ...config, folds } : config;
}

/** The browser's rows and standardised features of one split, as the worker prepares them. */
function browserSplit(arrays: DatasetArrays, config: StudyConfig, fold?: { k: number; index: number }) {
  const { base } = config;
  const split = splitIndices(arrays.y, {
    task: arrays.task,
    valRatio: base.valRatio,
    testRatio: base.testRatio,
    seed: splitSeedOf(base.seed),
    sourceTestCount: arrays.sourceTestCount,
    fold,
  });
  const n = arrays.exampleShape.reduce((a, b) => a * b, 1);
  const s = arrays.standardize ? fitStandardizer(arrays.x, n, split.train, arrays.xScale) : null;
  return { split, trainX: gatherStandardized(arrays.x, n, split.train, s, arrays.xScale), n };
}

const DRIVER = `
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("study", sys.argv[1])
study = importlib.util.module_from_spec(spec)
spec.loader.exec_module(study)
out = []
for fold in json.loads(sys.argv[2]):
    settings = dict(study.BASE, fold=fold) if fold is not None else study.BASE
    data = study.prepare_data(settings)
    arrays = study.load_arrays(study.BASE["dataset"])
    y = arrays["y"]
    train, val, test = study.split_indices(y, arrays["task"], settings["valRatio"], settings["testRatio"],
        study.Rng(settings["seed"]).fork().next_uint32(), arrays["source_test_count"], settings.get("fold"))
    out.append({"train": train, "val": val, "test": test, "train_x": data["train_x"].reshape(len(train), -1).tolist()})
print(json.dumps(out))
`;

describe("the Python script's array datasets, run by Python", () => {
  it.each([
    ["iris", 3],
    ["wine", 5],
    ["diabetes", 4],
    ["digits", 3],
    ["friedman1", 3],
  ])(
    "splits %s as the browser does, with and without %i folds, standardised on training rows",
    (id, k) => {
      const config = studyOn(id, k);
      const arrays = builtinArrays(id);
      const folds = [null, ...Array.from({ length: k }, (_, index) => ({ k, index }))];
      const script = write(`${id}.py`, toPythonScript(config));
      const out: Json[] = JSON.parse(run([write("driver.py", DRIVER), script, JSON.stringify(folds)]));
      folds.forEach((fold, i) => {
        const browser = browserSplit(arrays, config, fold ?? undefined);
        expect(out[i].train, `${id} fold ${fold?.index}`).toEqual(browser.split.train);
        expect(out[i].val).toEqual(browser.split.val);
        expect(out[i].test).toEqual(browser.split.test);
        const py = (out[i].train_x as number[][]).flat();
        const worst = py.reduce((m, v, j) => Math.max(m, Math.abs(v - browser.trainX[j])), 0);
        expect(worst, `${id}: largest difference of a standardised value`).toBeLessThan(1e-4);
      });
    },
    PYTHON_TIMEOUT,
  );

  it(
    "reads an uploaded CSV by its column choice: one-hot categories, ignored columns, classes by value",
    () => {
      const base = { ...defaultConfig(), dataset: "upload-00000000-0000-4000-8000-000000000000" };
      const config = defaultStudyConfig(base, {
        name: "pets.csv",
        choice: { target: "kind", task: "multiclass", ignore: ["id"], categorical: ["colour"] },
      });
      const csv = "id;weight;colour;kind\n1;4,5;red;cat\n2;30;blue;dog\n3;0,2;red;mouse\n4;5;green;cat\n";
      const path = write("pets.csv", csv);
      const script = write("upload.py", toPythonScript(config));
      const driver = write(
        "upload_driver.py",
        `
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("study", sys.argv[1])
study = importlib.util.module_from_spec(spec)
spec.loader.exec_module(study)
x, y, names = study.load_csv(sys.argv[2], study.UPLOAD)
print(json.dumps({"x": x.tolist(), "y": y.tolist(), "names": names}))
`,
      );
      const out: Json = JSON.parse(run([driver, script, path]));
      // weight, then colour=blue, colour=green, colour=red.
      expect(out.x).toEqual([
        [4.5, 0, 0, 1],
        [30, 1, 0, 0],
        [0.20000000298023224, 0, 0, 1],
        [5, 0, 1, 0],
      ]);
      expect(out.names).toEqual(["cat", "dog", "mouse"]);
      expect(out.y).toEqual([0, 1, 2, 0]);
      // Without --csv the script says what it needs.
      const missing = spawnSync(python, [script, "--dry-run", "1"], { cwd: dir, encoding: "utf8" });
      expect(missing.status).not.toBe(0);
      expect(missing.stderr).toContain('uploaded CSV "pets.csv": pass its path with --csv');
    },
    PYTHON_TIMEOUT,
  );

  it(
    "asks Optuna's pruner with the fold-mean curve, as the browser does",
    () => {
      const config = { ...studyOn("iris", 3), pruner: { name: "median", nStartupTrials: 2 } } as StudyConfig;
      const script = write("prune.py", toPythonScript(config));
      const folds = [
        [0.9, 0.8, 0.7],
        [1.1, 1.0, 0.9],
        [1.0, 0.6],
      ];
      const driver = write(
        "prune_driver.py",
        `
import importlib.util, json, sys
import optuna
spec = importlib.util.spec_from_file_location("study", sys.argv[1])
study = importlib.util.module_from_spec(spec)
spec.loader.exec_module(study)
folds = json.loads(sys.argv[2])
curves = [study.pruning_curve(folds, finished) for finished in range(4)]
s = optuna.create_study(direction="minimize", pruner=study.make_pruner())
dist = optuna.distributions.FloatDistribution(0, 1)
for value in (0.1, 0.2):
    s.add_trial(optuna.trial.create_trial(params={"a": 0.5}, distributions={"a": dist}, value=value,
        intermediate_values={1: value, 2: value, 3: value}))
trial = s.ask()
print(json.dumps({"curves": curves, "good": study.should_prune(trial, [0.05, 0.05]),
    "bad": study.should_prune(trial, [5.0, 4.0]), "nan": study.should_prune(trial, [float("nan")]),
    "reported": trial.study._storage.get_trial(trial._trial_id).intermediate_values}))
`,
      );
      const out: Json = JSON.parse(run([driver, script, JSON.stringify(folds)]));
      // The curves are the objective curves (best so far, minimised) averaged over finished folds.
      const curves = folds.map((values) => values.map((_, k) => Math.min(...values.slice(0, k + 1))));
      for (let finished = 0; finished <= 3; finished++) {
        const expected = cvPruningCurve(curves, finished);
        (out.curves[finished] as number[]).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
      }
      expect([out.good, out.bad, out.nan]).toEqual([false, true, true]);
      // Asking leaves the trial's own reports untouched.
      expect(out.reported).toEqual({});
    },
    PYTHON_TIMEOUT,
  );

  it(
    "gives Optuna a cross-validated study: fold-mean curves, fold values and spread as user attributes",
    () => {
      const body = exampleCvStudyExportBody();
      const journal = write("cv-journal.log", toOptunaJournal(body.config, body.trials));
      const driver = write(
        "load_cv_journal.py",
        `
import json, sys
import optuna
storages = optuna.storages
if hasattr(storages, "JournalFileStorage"):
    storage = storages.JournalStorage(storages.JournalFileStorage(sys.argv[1]))
else:
    from optuna.storages.journal import JournalFileBackend
    storage = storages.JournalStorage(JournalFileBackend(sys.argv[1]))
study = optuna.load_study(study_name=sys.argv[2], storage=storage)
print(json.dumps({"folds": study.user_attrs.get("tunelab_folds"), "trials": [
    {"state": t.state.name, "value": t.value, "steps": {str(k): v for k, v in t.intermediate_values.items()},
     "attrs": t.user_attrs} for t in study.trials]}))
`,
      );
      const loaded: Json = JSON.parse(run([driver, journal, body.config.name]));
      expect(loaded.folds).toBe(3);
      expect(loaded.trials.map((t: Json) => t.state)).toEqual(["COMPLETE", "COMPLETE", "PRUNED", "FAIL"]);
      body.trials.forEach((t, i) => {
        const got = loaded.trials[i];
        if (t.state !== "failed") expect(got.steps).toEqual(body.engine.trials[i].intermediate);
        expect(got.value).toBe(t.value);
      });
      const first = loaded.trials[0].attrs;
      expect(first.fold_values).toHaveLength(3);
      expect(first.fold_values.reduce((a: number, b: number) => a + b, 0) / 3).toBeCloseTo(
        body.trials[0].value!,
        12,
      );
      expect(first.fold_std).toBeGreaterThan(0);
    },
    PYTHON_TIMEOUT,
  );
});

import { describe, expect, it } from "vitest";
import { gridValues } from "../search/space";
import type { StudyConfig } from "../study/study-config";
import { exampleStudyConfig } from "./example-study";
import { pyLiteral, pyString, pyTuple } from "./python-literals";
import { toPythonScript } from "./python-script";
import { pyCondition, pyMakePruner, pyMakeSampler, pySuggestCall, pySuggestParams } from "./python-search";

const withSampler = (sampler: StudyConfig["sampler"]): StudyConfig => ({ ...exampleStudyConfig(), sampler });
const withPruner = (pruner: StudyConfig["pruner"]): StudyConfig => ({ ...exampleStudyConfig(), pruner });

describe("Python literals", () => {
  it("writes JSON data as Python literals", () => {
    expect(pyLiteral({ a: [1, 2.5, -1e-7], b: true, c: null, d: "x" })).toBe(
      '{"a": [1, 2.5, -1e-7], "b": True, "c": None, "d": "x"}',
    );
    expect(pyTuple(["momentum"])).toBe('("momentum",)');
    expect(pyTuple([1, 2])).toBe("(1, 2)");
    expect(() => pyLiteral(NaN)).toThrow("Cannot write the non-finite number NaN as a Python literal");
  });

  it("escapes quotes, backslashes, line breaks and line separators in strings", () => {
    expect(pyString('a "b" \\ c\nd\u2028e')).toBe('"a \\"b\\" \\\\ c\\nd\\u2028e"');
  });
});

describe("search space in Python", () => {
  it("suggests each kind of parameter with Optuna's calls", () => {
    expect(pySuggestCall("lr", { type: "float", low: 0.001, high: 0.1, log: true })).toBe(
      'trial.suggest_float("lr", 0.001, 0.1, log=True)',
    );
    expect(pySuggestCall("dropout", { type: "float", low: 0, high: 0.5, step: 0.1 })).toBe(
      'trial.suggest_float("dropout", 0, 0.5, step=0.1)',
    );
    expect(pySuggestCall("batch", { type: "int", low: 16, high: 128, log: true })).toBe(
      'trial.suggest_int("batch", 16, 128, log=True)',
    );
    expect(pySuggestCall("layers", { type: "int", low: 0, high: 6, step: 2 })).toBe(
      'trial.suggest_int("layers", 0, 6, step=2)',
    );
    expect(pySuggestCall("layers", { type: "int", low: 1, high: 3, step: 1 })).toBe(
      'trial.suggest_int("layers", 1, 3)',
    );
    expect(pySuggestCall("bn", { type: "categorical", choices: [false, true] })).toBe(
      'trial.suggest_categorical("bn", [False, True])',
    );
  });

  it("tests conditions on the parent's value, and that the parent was suggested at all", () => {
    expect(pyCondition({ param: "optimizer", values: ["momentum", "nesterov"] })).toBe(
      '"optimizer" in params and params["optimizer"] in ("momentum", "nesterov")',
    );
    expect(pyCondition({ param: "layers", min: 2 })).toBe('"layers" in params and params["layers"] >= 2');
    expect(pyCondition({ param: "layers", min: 1, max: 3 })).toBe(
      '"layers" in params and params["layers"] >= 1 and params["layers"] <= 3',
    );
  });

  it("puts conditional parameters in if blocks after their parents", () => {
    const code = pySuggestParams(exampleStudyConfig().space);
    expect(code).toContain(
      [
        '    params["optimizer"] = trial.suggest_categorical("optimizer", ["sgd", "momentum", "adam"])',
        '    if "optimizer" in params and params["optimizer"] in ("momentum",):',
        '        params["momentum"] = trial.suggest_float("momentum", 0.8, 0.99)',
        '    params["layers"] = trial.suggest_int("layers", 1, 3)',
        '    if "layers" in params and params["layers"] >= 1:',
        '        params["units_1"] = trial.suggest_int("units_1", 4, 32, log=True)',
      ].join("\n"),
    );
    expect(code.startsWith("def suggest_params(trial):")).toBe(true);
    expect(code.endsWith("    return params")).toBe(true);
  });
});

describe("sampler and pruner in Python", () => {
  it("maps each sampler to Optuna's, with Tunelab's options", () => {
    expect(pyMakeSampler(withSampler({ name: "random" }))).toContain(
      "return optuna.samplers.RandomSampler(seed=seed)",
    );
    expect(pyMakeSampler(withSampler({ name: "qmc" }))).toContain(
      'optuna.samplers.QMCSampler(qmc_type="sobol", scramble=True, seed=seed)',
    );
    const tpe = pyMakeSampler(
      withSampler({ name: "tpe", nStartupTrials: 4, multivariate: true, gammaRatio: 0.2 }),
    );
    for (const arg of [
      "n_startup_trials=4,",
      "multivariate=True,",
      "group=True,",
      "constant_liar=True,",
      "n_ei_candidates=24,",
      "gamma=lambda n: min(int(math.ceil(0.2 * n)), 25),",
    ]) {
      expect(tpe).toContain(arg);
    }
    const gp = pyMakeSampler(withSampler({ name: "gp", nStartupTrials: 6 }));
    expect(gp).toContain("optuna.samplers.GPSampler(seed=seed, n_startup_trials=6)");
    expect(gp).toContain("optuna.samplers.TPESampler(seed=seed, n_startup_trials=6)");
  });

  it("writes the grid with the engine's values per parameter, explicit lists first", () => {
    const grid = pyMakeSampler(
      withSampler({ name: "grid", n: 3, values: { optimizer: ["adam", "adam", "sgd"] } }),
    );
    const lr = gridValues(exampleStudyConfig().space.learningRate, 3);
    expect(lr).toHaveLength(3);
    expect(grid).toContain(`        "learningRate": [${lr.join(", ")}],`);
    expect(grid).toContain('        "dropout": [0, 0.3, 0.5],');
    expect(grid).toContain('        "optimizer": ["adam", "sgd"],');
    expect(grid).toContain('        "units_2": [4, 11, 32],');
    expect(grid).toContain("return optuna.samplers.GridSampler(grid, seed=seed)");
  });

  it("maps each pruner to Optuna's with Tunelab's defaults made explicit", () => {
    expect(pyMakePruner(withPruner({ name: "none" }))).toContain("return optuna.pruners.NopPruner()");
    expect(pyMakePruner(withPruner({ name: "median", nWarmupSteps: 3 }))).toContain(
      "optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=3, interval_steps=1, n_min_trials=1)",
    );
    expect(pyMakePruner(withPruner({ name: "percentile", percentile: 25 }))).toContain(
      "optuna.pruners.PercentilePruner(25, n_startup_trials=5, n_warmup_steps=0, interval_steps=1, n_min_trials=1)",
    );
    expect(pyMakePruner(withPruner({ name: "asha", reductionFactor: 3 }))).toContain(
      "optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3, min_early_stopping_rate=0)",
    );
    expect(pyMakePruner(withPruner({ name: "hyperband" }))).toContain(
      'optuna.pruners.HyperbandPruner(min_resource=1, max_resource="auto", reduction_factor=3)',
    );
    expect(pyMakePruner(withPruner({ name: "hyperband", maxResource: 81 }))).toContain("max_resource=81,");
  });
});

describe("toPythonScript", () => {
  const config = exampleStudyConfig();
  const script = toPythonScript(config);

  it("holds the study's constants and fixed settings", () => {
    expect(script).toContain(`STUDY_NAME = ${pyString(config.name)}`);
    expect(script).toContain('DIRECTION = "minimize"');
    expect(script).toContain('OBJECTIVE_METRIC = "valLoss"');
    expect(script).toContain('OBJECTIVE_REDUCE = "best"');
    expect(script).toContain("SEED = 7");
    expect(script).toContain("N_TRIALS = 10");
    expect(script).toContain("TIMEOUT_SEC = 600");
    expect(script).toContain('    "hiddenLayers": [8, 4],');
    expect(script).toContain('    "epochs": 6,');
  });

  it("runs on Optuna's distributed storage with a study name and load_if_exists", () => {
    expect(script).toContain('parser.add_argument("--storage"');
    expect(script).toContain("study_name=args.study_name,");
    expect(script).toContain("load_if_exists=True,");
    expect(script).toContain("storages.JournalStorage(storages.JournalFileStorage(spec))");
  });

  it("says that the data is not bit-identical to the browser's", () => {
    expect(script).toContain("NOT guaranteed bit-identical");
  });

  it("keeps a hostile study name inside its string and docstring", () => {
    const hostile = toPythonScript({ ...config, name: 'x"""\nimport os\\' });
    expect(hostile).not.toContain("\nimport os");
    expect(hostile).toContain('STUDY_NAME = "x\\"\\"\\"\\nimport os\\\\"');
  });
});

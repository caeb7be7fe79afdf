/**
 * A study as a runnable Python script: the same search space, sampler and pruner with Optuna, the
 * same data, model and training with NumPy and Keras, and a `--storage` option so that several
 * machines can share one study through Optuna's RDB or journal storage.
 */
import type { StudyConfig } from "../study/study-config";
import { DEFAULT_UNITS } from "../study/tunables";
import { baseDataSpec } from "../study/study-dataset";
import { PYTHON_ARRAYS } from "./python-arrays";
import { PYTHON_DATASET } from "./python-dataset";
import { pyDictLines, pyLiteral, pyNumber, pyString } from "./python-literals";
import { pyMakePruner, pyMakeSampler, pySuggestParams } from "./python-search";
import { PYTHON_TRAINING } from "./python-training";

/** Text for inside a Python docstring: every quote escaped (so none can close it), backslashes doubled, one line. */
function docText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/[\r\n\u2028\u2029]+/g, " ");
}

/** How the script gets the study's data, for its docstring. */
function dataNote(config: StudyConfig): string {
  const data = baseDataSpec(config.base);
  if (data.kind === "2d") return "The data are Tunelab's 2D generator, ported (see prepare_data).";
  if (data.kind === "upload") {
    return `The data are the uploaded CSV "${docText(config.upload?.name ?? data.id)}": pass its path with --csv.`;
  }
  if (["mnist", "fashion-mnist"].includes(data.id)) {
    return `The data are ${data.id} from keras.datasets (downloaded on first use), subset as Tunelab's.`;
  }
  if (data.id === "friedman1") return "The data are Tunelab's Friedman #1 generator, ported.";
  return `The data are scikit-learn's copy of ${data.id}, the source of Tunelab's file.`;
}

function header(config: StudyConfig): string {
  const folds = config.folds
    ? `\nEach trial trains ${config.folds} folds (cross-validation) and scores their mean.`
    : "";
  return `#!/usr/bin/env python3
"""Tunelab study "${docText(config.name)}", exported as a runnable Optuna + Keras script.

It searches the same space with the same kind of sampler and pruner as the study in the browser,
on the same data and model, trained with Keras instead of TensorFlow.js.
${dataNote(config)}${folds}

Install:   pip install "optuna>=3.1" numpy tensorflow scikit-learn
Run:       python this_script.py --trials 50${baseDataSpec(config.base).kind === "upload" ? " --csv data.csv" : ""}
Check:     python this_script.py --dry-run 5      (samples parameters and data; no TensorFlow needed)

Several machines on one study: give every process the same --storage and study name, e.g.
    python this_script.py --storage sqlite:///tunelab.db                          (one machine, many processes)
    python this_script.py --storage postgresql://user:password@host/optuna        (many machines)
    python this_script.py --storage tunelab-journal.log                           (a journal file on a shared disk)
Each process runs --trials trials of its own; Optuna shares the results through the storage. A
journal file exported from Tunelab ("Optuna journal") can be passed as --storage: the trials run in
the browser then count as history, and this script continues the same study.

Not identical to the browser: the data follows Tunelab's generator but is not guaranteed
bit-identical (see prepare_data), and Keras draws its own initial weights, dropout masks and batch
order, so single trials differ while the search behaves the same.
"""`;
}

function constants(config: StudyConfig): string {
  const { objective, budget } = config;
  return [
    `STUDY_NAME = ${pyString(config.name)}`,
    `DIRECTION = ${pyString(objective.direction)}`,
    "# valLoss: validation loss; valMetric: validation accuracy (classification) or RMSE (regression).",
    `OBJECTIVE_METRIC = ${pyString(objective.metric)}`,
    "# final: the value of the last epoch; best: of the best epoch.",
    `OBJECTIVE_REDUCE = ${pyString(objective.reduce)}`,
    `SEED = ${pyNumber(config.seed)}`,
    `N_TRIALS = ${pyNumber(budget.trials)}`,
    `TIMEOUT_SEC = ${pyLiteral(budget.timeLimitSec)}`,
    `# The browser ran ${budget.workers} trial${budget.workers === 1 ? "" : "s"} at once; here, start that many processes with one --storage.`,
    `DEFAULT_UNITS = ${pyNumber(DEFAULT_UNITS)}`,
    "# Cross-validation: every trial trains this many folds and scores their mean (None: one split).",
    `FOLDS = ${pyLiteral(config.folds ?? null)}`,
    "# The uploaded CSV the study trains on: its name and column choice (None for built-in data).",
    `UPLOAD = ${pyLiteral(config.upload ?? null)}`,
    "",
    "# The settings every trial shares; the tuned parameters are applied over them.",
    `BASE = ${pyDictLines(config.base as unknown as Record<string, unknown>, 0)}`,
  ].join("\n");
}

const APPLY_PARAMS = `def apply_params(base, params):
    """A trial's settings: the base with the parameters applied. "layers" sets the number of hidden
    layers; layer k gets units_k, else the shared "units", else the base's layer k (or its last
    layer, or DEFAULT_UNITS). units_k beyond the layer count is ignored."""
    settings = dict(base)
    for name, value in params.items():
        if name not in ("layers", "units", "convFilters", "convKernel") and not name.startswith("units_"):
            settings[name] = value
    if "convFilters" in params or "convKernel" in params:
        # The first block gets convFilters, the others keep their proportion to it.
        first = base["conv"][0]["filters"]
        settings["conv"] = [
            dict(
                block,
                filters=min(128, max(1, js_round(block["filters"] * params["convFilters"] / first)))
                if "convFilters" in params
                else block["filters"],
                kernel=params.get("convKernel", block["kernel"]),
            )
            for block in base["conv"]
        ]
    base_layers = list(base["hiddenLayers"])
    count = int(params.get("layers", len(base_layers)))
    fallback = base_layers[-1] if base_layers else DEFAULT_UNITS
    layers = []
    for k in range(1, count + 1):
        own = base_layers[k - 1] if k <= len(base_layers) else fallback
        layers.append(int(params.get("units_%d" % k, params.get("units", own))))
    settings["hiddenLayers"] = layers
    return settings`;

const MAIN = `def make_storage(spec):
    """None (in memory), an RDB URL (sqlite:///..., postgresql://..., mysql://...), a Redis URL,
    or the path of a journal file (created if missing)."""
    if spec is None:
        return None
    storages = optuna.storages
    if spec.startswith(("redis://", "rediss://")):
        if hasattr(storages, "JournalRedisStorage"):  # Optuna 3.1 to 3.6
            return storages.JournalStorage(storages.JournalRedisStorage(spec))
        from optuna.storages.journal import JournalRedisBackend  # Optuna 4

        return storages.JournalStorage(JournalRedisBackend(spec))
    if "://" in spec:
        return spec
    if hasattr(storages, "JournalFileStorage"):  # Optuna 3.1 to 3.6
        return storages.JournalStorage(storages.JournalFileStorage(spec))
    from optuna.storages.journal import JournalFileBackend  # Optuna 4

    return storages.JournalStorage(JournalFileBackend(spec))


def objective(trial):
    return train_trial(apply_params(BASE, suggest_params(trial)), trial)


def dry_run(count, study_name, storage, seed):
    """Samples parameters (after the finished trials of the stored study, if any) and builds each
    trial's data, without training and without writing to the storage."""
    study = optuna.create_study(direction=DIRECTION, sampler=make_sampler(seed), pruner=make_pruner())
    if storage is not None:
        try:
            stored = optuna.load_study(study_name=study_name, storage=storage)
            study.add_trials([t for t in stored.get_trials(deepcopy=False) if t.state.is_finished()])
        except KeyError:
            pass
    for _ in range(count):
        trial = study.ask()
        params = suggest_params(trial)
        settings = apply_params(BASE, params)
        data = prepare_data(dict(settings, fold={"k": FOLDS, "index": 0}) if FOLDS else settings)
        line = {"number": trial.number, "params": params, "hiddenLayers": settings["hiddenLayers"]}
        line.update({"train": len(data["train_x"]), "val": len(data["val_x"])})
        print(json.dumps(line))
        study.tell(trial, state=optuna.trial.TrialState.FAIL)


def dump_data(path):
    """Writes the data of the base settings (features and labels, train and validation) as JSON."""
    data = prepare_data(BASE)
    with open(path, "w") as f:
        json.dump({k: v.tolist() if hasattr(v, "tolist") else v for k, v in data.items()}, f)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Runs a Tunelab study with Optuna and Keras.")
    parser.add_argument("--storage", help="RDB URL, Redis URL or journal file shared by every process")
    parser.add_argument("--study-name", default=STUDY_NAME)
    parser.add_argument("--trials", type=int, default=N_TRIALS, help="trials this process runs")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_SEC, help="seconds after which no trial starts")
    parser.add_argument(
        "--sampler-seed",
        type=int,
        default=SEED,
        help="random, TPE and GP sampling: give each process its own seed; grid and QMC: keep one for all",
    )
    parser.add_argument("--dry-run", type=int, default=0, metavar="N", help="only sample N trials' parameters and data")
    parser.add_argument("--dump-data", metavar="FILE", help="only write the data of the base settings as JSON")
    parser.add_argument("--csv", metavar="FILE", help="path of the uploaded CSV the study trains on")
    args = parser.parse_args(argv)
    global CSV_PATH
    CSV_PATH = args.csv
    if args.dump_data:
        dump_data(args.dump_data)
        return
    storage = make_storage(args.storage)
    if args.dry_run > 0:
        dry_run(args.dry_run, args.study_name, storage, args.sampler_seed)
        return
    study = optuna.create_study(
        study_name=args.study_name,
        storage=storage,
        load_if_exists=True,
        direction=DIRECTION,
        sampler=make_sampler(args.sampler_seed),
        pruner=make_pruner(),
    )
    study.optimize(objective, n_trials=args.trials, timeout=args.timeout, gc_after_trial=True)
    complete = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
    if complete:
        print("Best value %s with %s" % (study.best_value, json.dumps(study.best_params)))


if __name__ == "__main__":
    main()`;

/**
 * A Python script (Optuna 3.1 or later, NumPy, TensorFlow/Keras) that runs the study outside the
 * browser: the search space with conditional parameters as `if` blocks, the sampler and pruner,
 * the data (generated, loaded with scikit-learn or Keras, or read from the uploaded CSV with
 * `--csv`), the model and its training (k folds under cross-validation), and `--storage` for
 * distributed runs.
 */
export function toPythonScript(config: StudyConfig): string {
  return (
    [
      header(config),
      "import argparse\nimport copy\nimport io\nimport json\nimport math\nimport re\nimport sys\n\nimport numpy as np\nimport optuna",
      constants(config),
      PYTHON_DATASET.trim(),
      PYTHON_ARRAYS.trim(),
      PYTHON_TRAINING.trim(),
      "# ----------------------------------------------------------------------------------------------\n" +
        "# The search: space, sampler and pruner of the study.\n" +
        "# ----------------------------------------------------------------------------------------------",
      pySuggestParams(config.space),
      APPLY_PARAMS,
      pyMakeSampler(config),
      pyMakePruner(config),
      MAIN,
    ].join("\n\n\n") + "\n"
  );
}

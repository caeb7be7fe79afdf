/**
 * Checks the exported Optuna journal against the real thing: Optuna (Debian's python3-optuna, 3.1)
 * loads it and finds the same trials, and a study continued from it goes on where it stopped.
 */
import { describe, expect, it } from "vitest";
import { objectiveCurve } from "../study/study-config";
import { exampleStudyExportBody } from "./example-study";
import { optunaDistribution, toOptunaJournal } from "./optuna-journal";
import { PYTHON_TIMEOUT, pythonSandbox } from "./python-sandbox.node";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const sandbox = pythonSandbox();

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
      const journal = sandbox.write("journal.log", toOptunaJournal(body.config, body.trials));
      const loaded: Json = JSON.parse(
        sandbox.run([sandbox.write("load_journal.py", LOAD_JOURNAL), journal, body.config.name]),
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

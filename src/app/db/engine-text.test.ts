import { describe, expect, it } from "vitest";
import { createStudy } from "../../core/search/index";
import { engineToText, fromStoredStudy, toStoredStudy } from "./engine-text";
import type { StoredStudyRecord, StudyRecord } from "./schema";

const space = {
  lr: { type: "float" as const, low: 0.001, high: 0.3, log: true },
  layers: { type: "int" as const, low: 1, high: 3 },
};

describe("engine state as text", () => {
  it("is the state's JSON, also as trials end and reuse their text, and never stale for running ones", () => {
    const study = createStudy({ space, seed: 5, pruner: { name: "median" } });
    const check = (): void => {
      const json = study.toJSON();
      expect(JSON.parse(engineToText(json))).toEqual(JSON.parse(JSON.stringify(json)));
    };
    check();
    for (let i = 0; i < 6; i++) {
      const t = study.ask();
      study.report(t.number, 1, 0.5 + i);
      check();
      study.report(t.number, 2, i === 3 ? NaN : 0.4 + i);
      check();
      if (i % 2 === 0) study.tell(t.number, 0.3 + i);
      else study.tell(t.number, { state: "pruned" });
      check();
    }
    // A running trial's entry changes between two saves: its text follows.
    const t = study.ask();
    check();
    study.report(t.number, 1, 0.25);
    check();
  });

  it("writes an empty study and refuses what is not an engine state", () => {
    const json = createStudy({ space, seed: 1 }).toJSON();
    expect(JSON.parse(engineToText(json))).toEqual(json);
    expect(() => engineToText(null as never)).toThrow(
      "The search engine's state must be an object with a list of trials",
    );
    expect(() => engineToText({ trials: 3 } as never)).toThrow("with a list of trials");
  });

  it("stores a study record's engine as text and reads it back; an old record's object reads as it is", () => {
    const engine = createStudy({ space, seed: 2 }).toJSON();
    const record = { id: "study-1", name: "Spiral study", engine } as unknown as StudyRecord;
    const stored = toStoredStudy(record);
    expect(typeof stored.engine).toBe("string");
    expect(fromStoredStudy(stored)).toEqual(record);
    expect(toStoredStudy({ ...record, engine: null }).engine).toBeNull();
    const old = { ...record } as StoredStudyRecord;
    expect(fromStoredStudy(old)).toBe(old);
  });

  it("names the study when its stored state is damaged", () => {
    const damaged = {
      id: "study-1",
      name: "Spiral study",
      engine: '{"format":"tunelab-st',
    } as StoredStudyRecord;
    expect(() => fromStoredStudy(damaged)).toThrow(
      /The saved search state of study "Spiral study" is damaged and cannot be read \(/,
    );
  });
});

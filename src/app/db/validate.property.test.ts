import "fake-indexeddb/auto";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  isDeliberateError,
  mutate,
  mutation,
  prototypePolluted,
  prototypeSnapshot,
} from "../../core/hostile-input.property";
import type { StudyBundle } from "./schema";
import { openStudyDb, type StudyDb } from "./study-db";
import { epochReport, steppingClock, studyConfig, uniqueDbName } from "./test-fixtures";
import { checkBundle } from "./validate";

let db: StudyDb;
let valid: StudyBundle;
const pristine = prototypeSnapshot();

beforeAll(async () => {
  db = await openStudyDb(uniqueDbName("property"), { now: steppingClock() });
  const s = await db.createStudy({ config: studyConfig("Exported"), datasetLabel: "Spiral" });
  for (let t = 0; t < 2; t++) {
    await db.startTrial(s.id, { params: { learningRate: 0.1 * (t + 1), optimizer: "adam" }, workerIndex: t });
    for (let e = 1; e <= 2; e++) await db.appendEpoch(s.id, t, epochReport(e), 1 / e);
  }
  await db.finishTrial(s.id, 0, { state: "complete", value: 0.5 });
  const bundle = await db.exportStudy(s.id);
  if (!bundle) throw new Error("export returned nothing");
  // Stored records are plain data: the epoch's boundary grid is not kept.
  valid = JSON.parse(JSON.stringify(bundle)) as StudyBundle;
  await db.deleteStudy(s.id);
});

afterAll(() => db.close());

afterEach(() => {
  expect(prototypeSnapshot()).toBe(pristine);
  expect(prototypePolluted()).toBe(false);
});

/** checkBundle accepts, or throws a plain Error with a message (never a TypeError from reading a bad value). */
function check(bundle: unknown): "accepted" | "refused" {
  try {
    checkBundle(bundle);
    return "accepted";
  } catch (error) {
    expect(isDeliberateError(error), `not a deliberate refusal: ${String(error)}`).toBe(true);
    return "refused";
  }
}

describe("checkBundle and importStudy under generated malformed bundles", () => {
  it("accepts the exported bundle (the mutations start from a valid one)", () => {
    expect(check(valid)).toBe("accepted");
  });

  it("refuses or accepts one-place mutations without crashing", () => {
    fc.assert(
      fc.property(mutation, (m) => {
        check(mutate(valid, m).value);
      }),
      { numRuns: 2_000 },
    );
  });

  it("stores nothing of a refused bundle, and the whole of an accepted one", async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const { value } = mutate(valid, m);
        const before = (await db.listStudies()).length;
        let imported: { id: string } | null = null;
        try {
          imported = await db.importStudy(value as StudyBundle);
        } catch (error) {
          expect(isDeliberateError(error), `not a deliberate refusal: ${String(error)}`).toBe(true);
        }
        const after = await db.listStudies();
        if (imported === null) {
          expect(after).toHaveLength(before);
          return;
        }
        expect(after).toHaveLength(before + 1);
        const bundle = value as StudyBundle;
        expect(await db.getTrials(imported.id)).toHaveLength(bundle.trials.length);
        expect(await db.getAllEpochs(imported.id)).toHaveLength(bundle.epochs.length);
        await db.deleteStudy(imported.id);
      }),
      { numRuns: 150 },
    );
  });
});

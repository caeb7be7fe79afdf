import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { openStudyDb, type StudyDb } from "../db/index";
import { epochReport, uniqueDbName } from "../db/test-fixtures";
import type { StudyLock, StudyLockOwner } from "./study-lock";
import type { RestoredStudy } from "./study-restore";
import { StudyStore } from "./study-store";
import { StudyTabs, type StudyTabsHost } from "./study-tabs";
import { smallStudyConfig } from "./study-test-fakes";

// The runner's side of the lock, with locks handed out by the test: it runs only with the lock,
// follows a study another tab runs without touching it, and opens it (repaired) once freed.

let db: StudyDb;
afterEach(() => db?.close());

interface TestLock extends StudyLock {
  free(): void;
  released: number;
}

function lockOf(studyId: string, owner: StudyLockOwner): TestLock {
  let free: () => void = () => {};
  const freed = new Promise<void>((resolve) => (free = resolve));
  const lock: TestLock = {
    studyId,
    owner,
    via: "web-locks",
    freed,
    released: 0,
    free: () => free(),
    release: () => void lock.released++,
  };
  return lock;
}

function recordingHost(): StudyTabsHost & { shown: [RestoredStudy, boolean][]; elsewhere: boolean[] } {
  const host = {
    shown: [] as [RestoredStudy, boolean][],
    elsewhere: [] as boolean[],
    show: (r: RestoredStudy, repaired: boolean) => void host.shown.push([r, repaired]),
    setElsewhere: (on: boolean) => void host.elsewhere.push(on),
    setProblem: () => {},
  };
  return host;
}

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

async function runningStudy(): Promise<{ id: string; store: StudyStore }> {
  db = await openStudyDb(uniqueDbName("tabs"));
  const store = new StudyStore(db, null, () => {}, null);
  const id = (await store.create(smallStudyConfig(), "Circle", "running"))!;
  store.startTrial(0, { learningRate: 0.01 }, 0);
  store.appendEpoch(0, epochReport(1, 0.5), 0);
  await store.idle();
  return { id, store };
}

describe("StudyTabs", () => {
  it("runs with the lock it took, and lets go of it once", async () => {
    const { id, store } = await runningStudy();
    const lock = lockOf(id, "this-tab");
    const tabs = new StudyTabs(async () => lock, recordingHost());
    tabs.attach(db, id);
    expect(await tabs.takeToRun()).toBe(true);
    expect(lock.released).toBe(0);
    tabs.release();
    tabs.release();
    expect(lock.released).toBe(1);
    store.dispose();
  });

  it("does not run a study another tab holds: follows it read-only, then opens it repaired once freed", async () => {
    const { id, store } = await runningStudy();
    const theirs = lockOf(id, "other-tab");
    const mine = lockOf(id, "this-tab");
    const handed: TestLock[] = [theirs, mine];
    const host = recordingHost();
    const tabs = new StudyTabs(async () => handed.shift()!, host);
    tabs.attach(db, id);

    expect(await tabs.takeToRun()).toBe(false);
    expect(host.elsewhere).toEqual([true]);
    // Reads arrive while the other tab runs it; none repairs it.
    await until(() => host.shown.length > 0);
    expect(host.shown.every(([r, repaired]) => !repaired && r.status === "running")).toBe(true);
    expect((await db.getTrials(id)).map((t) => t.state)).toEqual(["running"]);

    // The other tab goes away with its trial running: this tab opens the study, repaired.
    theirs.free();
    await until(() => host.shown.some(([, repaired]) => repaired));
    const [opened] = host.shown.find(([, repaired]) => repaired)!;
    expect(host.elsewhere).toEqual([true, false]);
    expect(opened.status).toBe("paused");
    expect(opened.interrupted).toEqual([0]);
    expect(mine.released).toBe(1);
    tabs.dispose();
    store.dispose();
  });

  it("reads the study again before resuming only when another tab has used more trial numbers", async () => {
    const { id, store } = await runningStudy();
    const tabs = new StudyTabs(async () => lockOf(id, "this-tab"), recordingHost());
    tabs.attach(db, id);
    expect(await tabs.changedElsewhere(1)).toBeNull();
    const again = await tabs.changedElsewhere(0);
    expect(again?.trials.map((t) => t.number)).toEqual([0]);
    tabs.dispose();
    store.dispose();
  });
});

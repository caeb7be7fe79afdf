import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { openStudyDb, type StudyDb } from "../db/index";
import { epochReport, uniqueDbName } from "../db/test-fixtures";
import type { StudyLock } from "./study-lock";
import type { RestoredStudy } from "./study-restore";
import { StudyStore } from "./study-store";
import { smallStudyConfig } from "./study-test-fakes";
import { watchStudyElsewhere } from "./study-watch";

// A tab that shows a study another tab runs reads it again and again without touching it, and
// hears once when the other tab lets go.

let db: StudyDb;
afterEach(() => db?.close());

function otherTabLock(studyId: string): StudyLock & { free: () => void; released: number } {
  let free: () => void = () => {};
  const freed = new Promise<void>((resolve) => (free = resolve));
  const lock = {
    studyId,
    owner: "other-tab" as const,
    via: "web-locks" as const,
    freed,
    released: 0,
    free: () => free(),
    release: () => void lock.released++,
  };
  return lock;
}

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe("watchStudyElsewhere", () => {
  it("re-reads the running study read-only, then stops and says so once the other tab lets go", async () => {
    db = await openStudyDb(uniqueDbName("watch"));
    const store = new StudyStore(db, null, () => {}, null);
    const id = (await store.create(smallStudyConfig(), "Circle", "running"))!;
    store.startTrial(0, { lr: 0.01 }, 0);
    store.appendEpoch(0, epochReport(1, 0.5), 0);
    await store.idle();

    const lock = otherTabLock(id);
    const reads: RestoredStudy[] = [];
    let freed = 0;
    const errors: string[] = [];
    watchStudyElsewhere({
      db,
      lock,
      everyMs: 5,
      onRead: (r) => reads.push(r),
      onReadError: (m) => errors.push(m),
      onFreed: () => freed++,
    });
    await until(() => reads.length >= 2);
    expect(reads[0].status).toBe("running");
    expect(reads[0].trials.map((t) => [t.number, t.state, t.epochs.length])).toEqual([[0, "running", 1]]);

    // The other tab writes a second epoch: a later read shows it.
    store.appendEpoch(0, epochReport(2, 0.4), 0);
    await store.idle();
    await until(() => reads.at(-1)!.trials[0].epochs.length === 2);
    // Nothing was repaired behind the other tab's back.
    expect((await db.getStudy(id))?.status).toBe("running");
    expect((await db.getTrials(id)).map((t) => t.state)).toEqual(["running"]);

    lock.free();
    await until(() => freed > 0);
    const count = reads.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(freed).toBe(1);
    expect(lock.released).toBeGreaterThanOrEqual(1);
    // At most a read already under way when the lock was freed.
    expect(reads.length).toBeLessThanOrEqual(count + 1);
    expect(errors).toEqual([]);
    store.dispose();
  });

  it("stops on its own stop: no further reads and no freed call", async () => {
    db = await openStudyDb(uniqueDbName("watch-stop"));
    const store = new StudyStore(db, null, () => {}, null);
    const id = (await store.create(smallStudyConfig(), "Circle", "running"))!;
    const lock = otherTabLock(id);
    let reads = 0;
    let freed = 0;
    const stop = watchStudyElsewhere({
      db,
      lock,
      everyMs: 5,
      onRead: () => reads++,
      onReadError: () => {},
      onFreed: () => freed++,
    });
    await until(() => reads >= 1);
    stop();
    expect(lock.released).toBe(1);
    const seen = reads;
    lock.free();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(freed).toBe(0);
    expect(reads).toBeLessThanOrEqual(seen + 1);
    store.dispose();
  });

  it("reports a study that can no longer be read, and refuses a lock this tab holds", async () => {
    db = await openStudyDb(uniqueDbName("watch-missing"));
    const errors: string[] = [];
    const stop = watchStudyElsewhere({
      db,
      lock: otherTabLock("study-gone"),
      everyMs: 5,
      onRead: () => {},
      onReadError: (m) => errors.push(m),
      onFreed: () => {},
    });
    await until(() => errors.length >= 1);
    stop();
    expect(errors[0]).toContain('"study-gone"');
    const mine = { ...otherTabLock("study-x"), owner: "this-tab" as const };
    expect(() =>
      watchStudyElsewhere({ db, lock: mine, onRead: () => {}, onReadError: () => {}, onFreed: () => {} }),
    ).toThrow(/this tab holds "study-x"/);
  });
});

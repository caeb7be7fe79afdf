import { afterEach, describe, expect, it } from "vitest";
import {
  acquireStudyLock,
  studyLockName,
  type LockManagerLike,
  type StudyLock,
  type StudyLockEnvironment,
} from "./study-lock";

/**
 * An in-memory LockManager shared by the "tabs" of a test, with the Web Locks rules the study lock
 * relies on: exclusive locks granted in request order, ifAvailable answered at once with null when
 * the lock is held or queued for, a lock held until its callback's promise settles, and an abort
 * signal that takes a queued request out of the queue (rejecting it).
 */
class FakeLockManager implements LockManagerLike {
  private readonly held = new Set<string>();
  private readonly queues = new Map<string, (() => void)[]>();

  request(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<unknown> | unknown,
  ): Promise<unknown> {
    const queue = this.queues.get(name) ?? [];
    this.queues.set(name, queue);
    const free = !this.held.has(name) && queue.length === 0;
    if (options.ifAvailable && !free) return Promise.resolve(callback(null));
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        this.held.add(name);
        Promise.resolve(callback({ name }))
          .then(resolve, reject)
          .finally(() => {
            this.held.delete(name);
            queue.shift()?.();
          });
      };
      if (free) return grant();
      queue.push(grant);
      options.signal?.addEventListener("abort", () => {
        const index = queue.indexOf(grant);
        if (index >= 0) queue.splice(index, 1);
        reject(new DOMException("The request was aborted", "AbortError"));
      });
    });
  }

  isHeld(name: string): boolean {
    return this.held.has(name);
  }
}

const settled = (p: Promise<unknown>, ms = 50): Promise<boolean> =>
  Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

const opened: StudyLock[] = [];
afterEach(() => {
  for (const lock of opened.splice(0)) lock.release();
});

async function acquire(id: string, env: StudyLockEnvironment): Promise<StudyLock> {
  const lock = await acquireStudyLock(id, env);
  opened.push(lock);
  return lock;
}

describe("study lock with the Web Locks API", () => {
  const tab = (locks: LockManagerLike, tabId: string): StudyLockEnvironment => ({
    locks,
    openChannel: null,
    answerMs: 20,
    probeMs: 50,
    tabId,
  });

  it("gives the study to the first tab; the second learns it runs elsewhere", async () => {
    const locks = new FakeLockManager();
    const first = await acquire("study-1", tab(locks, "a"));
    const second = await acquire("study-1", tab(locks, "b"));
    expect(first).toMatchObject({ owner: "this-tab", via: "web-locks", studyId: "study-1" });
    expect(second).toMatchObject({ owner: "other-tab", via: "web-locks" });
    expect(locks.isHeld(studyLockName("study-1"))).toBe(true);
    // Another study is free.
    expect((await acquire("study-2", tab(locks, "b"))).owner).toBe("this-tab");
  });

  it("tells the waiting tab when the runner lets go, and then it can take over", async () => {
    const locks = new FakeLockManager();
    const first = await acquire("s", tab(locks, "a"));
    const second = await acquire("s", tab(locks, "b"));
    expect(await settled(second.freed)).toBe(false);
    first.release();
    expect(await settled(second.freed, 5_000)).toBe(true);
    const takeover = await acquire("s", tab(locks, "b"));
    expect(takeover.owner).toBe("this-tab");
    expect((await acquire("s", tab(locks, "a"))).owner).toBe("other-tab");
  });

  it("releasing twice is harmless, and a watcher that stops watching leaves the queue", async () => {
    const locks = new FakeLockManager();
    const first = await acquire("s", tab(locks, "a"));
    const watcher = await acquire("s", tab(locks, "b"));
    watcher.release();
    first.release();
    first.release();
    await new Promise((r) => setTimeout(r, 0));
    expect(await settled(watcher.freed)).toBe(false);
    expect(locks.isHeld(studyLockName("s"))).toBe(false);
    expect((await acquire("s", tab(locks, "c"))).owner).toBe("this-tab");
  });

  it("refuses a missing study id with a message", async () => {
    await expect(acquireStudyLock("", tab(new FakeLockManager(), "a"))).rejects.toThrow(
      'A study lock needs a study id, got ""',
    );
  });
});

describe("study lock over a BroadcastChannel (no Web Locks)", () => {
  let channelCount = 0;
  const unique = (): string => `study-bc-${++channelCount}-${Math.random().toString(36).slice(2)}`;
  const tab = (tabId: string): StudyLockEnvironment => ({
    locks: null,
    openChannel: (name) => new BroadcastChannel(name) as never,
    // Generous, so a busy machine does not miss an answer; probes are frequent to keep tests short.
    answerMs: 150,
    probeMs: 100,
    tabId,
  });

  it("gives the study to the first tab; the second learns it runs elsewhere", async () => {
    const id = unique();
    const first = await acquire(id, tab("a"));
    const second = await acquire(id, tab("b"));
    expect(first).toMatchObject({ owner: "this-tab", via: "broadcast-channel" });
    expect(second).toMatchObject({ owner: "other-tab", via: "broadcast-channel" });
  });

  it("two tabs claiming at the same moment: exactly one runs it", async () => {
    const id = unique();
    const [a, b] = await Promise.all([acquire(id, tab("a")), acquire(id, tab("b"))]);
    expect([a.owner, b.owner].sort()).toEqual(["other-tab", "this-tab"]);
  });

  it("a release frees the waiting tab at once", async () => {
    const id = unique();
    const first = await acquire(id, tab("a"));
    const second = await acquire(id, tab("b"));
    expect(await settled(second.freed, 30)).toBe(false);
    first.release();
    expect(await settled(second.freed, 5_000)).toBe(true);
    expect((await acquire(id, tab("b"))).owner).toBe("this-tab");
  });

  it("a holder that vanishes without a word (a crashed tab) is noticed by the next probe", async () => {
    const id = unique();
    // A holder that answers claims, then goes silent as a crashed tab would.
    const holder = new BroadcastChannel(studyLockName(id));
    holder.onmessage = ({ data }) => {
      if (data.kind === "claim" || data.kind === "probe")
        holder.postMessage({ kind: "held", tab: "crashed" });
    };
    const waiting = await acquire(id, tab("b"));
    expect(waiting.owner).toBe("other-tab");
    // Still answering: still held after a probe or two.
    expect(await settled(waiting.freed, 200)).toBe(false);
    holder.close();
    expect(await settled(waiting.freed, 5_000)).toBe(true);
  });
});

describe("study lock without either API", () => {
  it("runs the study in this tab", async () => {
    const lock = await acquire("s", { locks: null, openChannel: null, answerMs: 1, probeMs: 1, tabId: "a" });
    expect(lock.owner).toBe("this-tab");
  });
});

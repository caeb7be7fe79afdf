/**
 * One tab runs a study at a time. Before a tab runs (or repairs, after a reload) a saved study it
 * takes the study's lock; a second tab that opens the same study finds the lock taken, shows the
 * study read-only, and learns when the first tab lets go. The Web Locks API does this across tabs
 * and frees the lock by itself when a tab closes or crashes; where it is missing, the tabs agree
 * over a BroadcastChannel instead (a claim answered by the holder, re-checked while waiting).
 */

/** Who runs the study: this tab (it holds the lock) or another tab. */
export type StudyLockOwner = "this-tab" | "other-tab";

export interface StudyLock {
  readonly studyId: string;
  readonly owner: StudyLockOwner;
  /** How the tabs agreed: the Web Locks API or the BroadcastChannel fallback. */
  readonly via: "web-locks" | "broadcast-channel";
  /**
   * For "other-tab": resolves once the other tab has let go (paused, closed or crashed), so this
   * tab can offer to take over. Never resolves for "this-tab", nor after release().
   */
  readonly freed: Promise<void>;
  /** Lets go of the lock (this tab) or stops watching (other tab). Safe to call more than once. */
  release(): void;
}

/** The parts of the Web Locks API the lock uses (navigator.locks satisfies it). */
export interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<unknown> | unknown,
  ): Promise<unknown>;
}

/** The parts of BroadcastChannel the fallback uses. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  close(): void;
}

export interface StudyLockEnvironment {
  /** navigator.locks, or null where the API is missing (then the channel is used). */
  locks: LockManagerLike | null;
  /** Opens a BroadcastChannel by name, or null where there is none (then the lock is always this tab's). */
  openChannel: ((name: string) => ChannelLike) | null;
  /** How long a claim waits for a holder to answer over the channel (ms). */
  answerMs: number;
  /** How often a waiting tab asks whether the holder is still there (ms). */
  probeMs: number;
  /** This tab's id (for the channel's tie-break). */
  tabId: string;
}

/** The page's own environment: navigator.locks when present, else BroadcastChannel. */
export function browserLockEnvironment(): StudyLockEnvironment {
  const nav = globalThis.navigator as (Navigator & { locks?: LockManagerLike }) | undefined;
  return {
    locks: nav?.locks ?? null,
    openChannel: typeof BroadcastChannel === "function" ? (name) => new BroadcastChannel(name) : null,
    answerMs: 250,
    probeMs: 2_000,
    tabId: globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`,
  };
}

/** The lock's name; one per study. */
export function studyLockName(studyId: string): string {
  if (typeof studyId !== "string" || studyId === "") {
    throw new Error(`A study lock needs a study id, got ${JSON.stringify(studyId)}`);
  }
  return `tunelab-study:${studyId}`;
}

const never = new Promise<void>(() => {});

/**
 * Takes the lock of study `studyId` if no other tab holds it ("this-tab"), or reports that
 * another tab does ("other-tab") and watches for it to let go. Never waits for the lock itself.
 */
export async function acquireStudyLock(
  studyId: string,
  env: StudyLockEnvironment = browserLockEnvironment(),
): Promise<StudyLock> {
  const name = studyLockName(studyId);
  if (env.locks) return viaWebLocks(studyId, name, env.locks);
  if (env.openChannel) return viaChannel(studyId, name, env);
  // Neither API: a single-tab browser in effect; nothing to agree with.
  return { studyId, owner: "this-tab", via: "broadcast-channel", freed: never, release: () => {} };
}

async function viaWebLocks(studyId: string, name: string, locks: LockManagerLike): Promise<StudyLock> {
  let letGo: () => void = () => {};
  const heldUntil = new Promise<void>((resolve) => (letGo = resolve));
  const granted = await new Promise<boolean>((resolve, reject) => {
    locks
      .request(name, { ifAvailable: true }, (lock) => {
        resolve(lock !== null);
        // Holding: the lock stays ours until this promise settles (or the tab goes away).
        return lock === null ? undefined : heldUntil;
      })
      .catch(reject);
  });
  if (granted) {
    return { studyId, owner: "this-tab", via: "web-locks", freed: never, release: () => letGo() };
  }
  // Queue behind the holder: being granted means it let go. Give the lock straight back, so
  // taking over is a separate, deliberate acquireStudyLock().
  const watching = new AbortController();
  const freed = new Promise<void>((resolve) => {
    locks
      .request(name, { signal: watching.signal }, () => resolve())
      .catch(() => {
        // Aborted by release(): nobody is waiting any more.
      });
  });
  return { studyId, owner: "other-tab", via: "web-locks", freed, release: () => watching.abort() };
}

type ChannelMessage =
  | { kind: "claim"; tab: string; at: number }
  | { kind: "held"; tab: string }
  | { kind: "probe"; tab: string }
  | { kind: "released"; tab: string };

function isChannelMessage(data: unknown): data is ChannelMessage {
  if (typeof data !== "object" || data === null) return false;
  const { kind, tab } = data as { kind?: unknown; tab?: unknown };
  return typeof tab === "string" && ["claim", "held", "probe", "released"].includes(kind as string);
}

/** Earlier claims win; equal times are broken by tab id, so two tabs never both win. */
function claimsBefore(a: { at: number; tab: string }, b: { at: number; tab: string }): boolean {
  return a.at < b.at || (a.at === b.at && a.tab < b.tab);
}

async function viaChannel(studyId: string, name: string, env: StudyLockEnvironment): Promise<StudyLock> {
  const channel = env.openChannel!(name);
  const me = { tab: env.tabId, at: Date.now() };
  let state: "claiming" | "holding" | "watching" | "closed" = "claiming";
  let answered = false;
  let holderSeen = false;
  let onFreed: () => void = () => {};
  const freed = new Promise<void>((resolve) => (onFreed = resolve));

  channel.addEventListener("message", ({ data }) => {
    if (!isChannelMessage(data) || data.tab === me.tab) return;
    switch (data.kind) {
      case "claim":
        // A holder answers every claim. Of two claimants the earlier wins: the later one yields,
        // and the earlier repeats its claim, since a tab that opened its channel after the first
        // claim was posted never saw it.
        if (state === "holding") channel.postMessage({ kind: "held", tab: me.tab });
        else if (state === "claiming" && claimsBefore(data, me)) answered = true;
        else if (state === "claiming") channel.postMessage({ kind: "claim", ...me });
        break;
      case "probe":
        if (state === "holding") channel.postMessage({ kind: "held", tab: me.tab });
        break;
      case "held":
        answered = true;
        holderSeen = true;
        break;
      case "released":
        if (state === "watching") finishWatching();
        break;
    }
  });

  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  channel.postMessage({ kind: "claim", ...me });
  await wait(env.answerMs);

  function finishWatching(): void {
    state = "closed";
    channel.close();
    onFreed();
  }

  if (!answered) {
    state = "holding";
    return {
      studyId,
      owner: "this-tab",
      via: "broadcast-channel",
      freed: never,
      release() {
        if (state !== "holding") return;
        state = "closed";
        channel.postMessage({ kind: "released", tab: me.tab });
        channel.close();
      },
    };
  }

  state = "watching";
  // A holder that crashed says nothing: ask now and then, and take silence as "gone".
  void (async () => {
    while (state === "watching") {
      await wait(env.probeMs);
      if (state !== "watching") return;
      holderSeen = false;
      channel.postMessage({ kind: "probe", tab: me.tab });
      await wait(env.answerMs);
      if (state === "watching" && !holderSeen) finishWatching();
    }
  })();
  return {
    studyId,
    owner: "other-tab",
    via: "broadcast-channel",
    freed,
    release() {
      if (state !== "watching") return;
      state = "closed";
      channel.close();
    },
  };
}

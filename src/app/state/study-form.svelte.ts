/**
 * What the Study view's form holds besides the configuration itself: which fields currently show
 * a refused text (so Run waits for them), and a revision that makes every field drop its typed
 * text when the whole configuration is replaced (back/forward, a new study).
 */
export class StudyForm {
  /** Field id → message, for every field whose text was refused. */
  invalid: Record<string, string> = $state.raw({});
  revision = $state(0);

  readonly firstInvalid: string | null = $derived(Object.values(this.invalid)[0] ?? null);

  /** Records that field `id` holds a refused text (message) or a good one (null). */
  setInvalid(id: string, message: string | null): void {
    if (message === null) {
      if (!(id in this.invalid)) return;
      const next = { ...this.invalid };
      delete next[id];
      this.invalid = next;
    } else if (this.invalid[id] !== message) {
      this.invalid = { ...this.invalid, [id]: message };
    }
  }

  /** Forgets typed texts: the fields show the configuration's values again. */
  reset(): void {
    this.invalid = {};
    this.revision++;
  }
}

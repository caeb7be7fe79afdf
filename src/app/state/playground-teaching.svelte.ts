/**
 * The playground's teacher mode and presets: the mode a link asks for ("teacher=1&hide=…"), which
 * settings it hides, what the link got wrong, and the edits that must respect it (a preset applies
 * only the settings it names; restoring the defaults keeps the hidden settings, as they are the
 * teacher's choice). The mode rides along in every query the playground writes.
 */
import type { ConfigKey } from "../../core/playground-config";
import { TEACHING_GROUPS } from "../../core/teaching/control-groups";
import { applyPreset, type Preset } from "../../core/teaching/presets";
import { parseTeachingQuery, withTeaching, type TeacherMode } from "../../core/teaching/teacher-link";
import type { PlaygroundControls } from "./playground-controls.svelte";

/** The settings whose controls a teacher mode hides (none without one). */
function hiddenKeysOf(mode: TeacherMode | null): ReadonlySet<ConfigKey> {
  return new Set(TEACHING_GROUPS.filter((g) => mode?.hidden.includes(g.id)).flatMap((g) => g.keys));
}

export class PlaygroundTeaching {
  private readonly controls: PlaygroundControls;
  /** Teacher mode of the link, or null when it does not turn it on. */
  mode: TeacherMode | null = $state.raw(null);
  /** What was refused from the link's teaching parameters, each naming the value. */
  errors: string[] = $state.raw([]);
  /** Settings whose controls teacher mode hides. */
  readonly hiddenKeys: ReadonlySet<ConfigKey> = $derived(hiddenKeysOf(this.mode));

  constructor(controls: PlaygroundControls) {
    this.controls = controls;
  }

  /** The query of the current settings with the teaching parameters put back. */
  get query(): string {
    return withTeaching(this.controls.query, this.mode);
  }

  /** Loads a link: the teaching parameters here, the settings into the controls; returns the canonical query. */
  load(query: string): string {
    const t = parseTeachingQuery(query);
    this.mode = t.mode;
    this.errors = t.errors;
    return withTeaching(this.controls.load(t.rest, true), t.mode);
  }

  /** Applies a preset: only the settings it names change. */
  applyPreset(preset: Preset): void {
    this.controls.patch(applyPreset(this.controls.config, preset));
  }

  /** Back to the default settings, except those teacher mode hides. */
  restoreDefaults(): void {
    const kept = Object.fromEntries([...this.hiddenKeys].map((k) => [k, this.controls.config[k]]));
    this.controls.restoreDefaults();
    if (this.hiddenKeys.size > 0) this.controls.patch(kept);
  }

  dismissErrors(): void {
    this.errors = [];
  }
}

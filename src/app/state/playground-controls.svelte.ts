/**
 * The playground's settings as the person edits them: the last valid configuration, which
 * controls currently hold a refused value, and what a link got wrong. The configuration is kept
 * as a plain object (replaced, not mutated) so it can go to the worker and into the URL as is.
 */
import {
  defaultConfig,
  parseConfig,
  serializeConfig,
  toTrainConfig,
  type ConfigKey,
  type PlaygroundConfig,
} from "../../core/playground-config";

export class PlaygroundControls {
  config: PlaygroundConfig = $state.raw(defaultConfig());
  /** Control id → message, for every control whose text was refused. */
  invalid: Record<string, string> = $state.raw({});
  /** What was ignored from the link the page was opened with. */
  linkErrors: string[] = $state.raw([]);
  /** Bumped when the whole configuration is replaced, so controls drop what is typed in them. */
  revision = $state(0);

  readonly hasInvalid = $derived(Object.keys(this.invalid).length > 0);
  readonly query = $derived(serializeConfig(this.config));
  readonly trainConfig = $derived(toTrainConfig(this.config));

  set<K extends ConfigKey>(key: K, value: PlaygroundConfig[K]): void {
    if (this.config[key] === value) return;
    this.config = { ...this.config, [key]: value };
  }

  /** Sets several settings at once (one history entry when committed). */
  patch(values: Partial<PlaygroundConfig>): void {
    this.config = { ...this.config, ...values };
    this.revision++;
  }

  /** Records that control `id` holds a refused value (message) or a good one (null). */
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

  /** Replaces everything from a query string; returns the canonical query for it. */
  load(query: string, reportErrors: boolean): string {
    const { config, errors } = parseConfig(query);
    this.config = config;
    this.invalid = {};
    if (reportErrors) this.linkErrors = errors;
    this.revision++;
    return serializeConfig(config);
  }

  /** Back to the defaults of every setting. */
  restoreDefaults(): void {
    this.config = defaultConfig();
    this.invalid = {};
    this.revision++;
  }

  dismissLinkErrors(): void {
    this.linkErrors = [];
  }
}

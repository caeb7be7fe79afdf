/**
 * The Study view's part of the URL. A saved study is named by its id ("id=study-…"); a study not
 * saved yet carries its whole configuration ("cfg=" and the JSON in base64url), so a reload or a
 * shared link comes back to it; "tune=" holds a playground query whose settings become the fixed
 * values of a new study ("Tune this").
 */
import { parseConfig, type PlaygroundConfig } from "../../core/playground-config";
import { validateStudyConfig, type StudyConfig } from "../../core/study/study-config";

export type StudyLocation =
  | { kind: "empty" }
  | { kind: "id"; id: string }
  | { kind: "config"; config: StudyConfig }
  | { kind: "tune"; base: PlaygroundConfig; errors: string[] }
  | { kind: "invalid"; errors: string[] };

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(code: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(code)) throw new Error("it has characters that are not base64url");
  const binary = atob(code.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/** The query of an unsaved study: its configuration in the link. */
export function configQuery(config: StudyConfig): string {
  return `cfg=${toBase64Url(JSON.stringify(config))}`;
}

/** The query of a saved study. */
export function idQuery(id: string): string {
  return `id=${encodeURIComponent(id)}`;
}

/** The link that opens the Study view with a playground query's settings as the fixed values. */
export function tuneThisHref(playgroundQuery: string): string {
  return `#/study?tune=${encodeURIComponent(playgroundQuery)}`;
}

function readParams(query: string): Map<string, string> | string {
  const params = new Map<string, string>();
  for (const pair of query.replace(/^\?/, "").split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = eq < 0 ? pair : pair.slice(0, eq);
    try {
      params.set(decodeURIComponent(name), decodeURIComponent(eq < 0 ? "" : pair.slice(eq + 1)));
    } catch {
      return `Could not read "${pair}" from the link (bad % escape)`;
    }
  }
  return params;
}

/** Reads the Study view's query. A bad link gives "invalid" with messages naming what is wrong. */
export function parseStudyQuery(query: string): StudyLocation {
  const params = readParams(query);
  if (typeof params === "string") return { kind: "invalid", errors: [params] };
  const id = params.get("id");
  if (id !== undefined) {
    return id.trim() === ""
      ? { kind: "invalid", errors: ["The link's study id is empty"] }
      : { kind: "id", id };
  }
  const cfg = params.get("cfg");
  if (cfg !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(fromBase64Url(cfg));
    } catch (error) {
      return {
        kind: "invalid",
        errors: [`The study settings in the link cannot be read: ${(error as Error).message}`],
      };
    }
    const checked = validateStudyConfig(value);
    return checked.ok
      ? { kind: "config", config: checked.config }
      : { kind: "invalid", errors: checked.errors };
  }
  const tune = params.get("tune");
  if (tune !== undefined) {
    const { config, errors } = parseConfig(tune);
    return { kind: "tune", base: config, errors };
  }
  const unknown = [...params.keys()];
  if (unknown.length > 0) {
    return {
      kind: "invalid",
      errors: [`Unknown setting "${unknown[0]}" in the study link (expected id, cfg or tune)`],
    };
  }
  return { kind: "empty" };
}

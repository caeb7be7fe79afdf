/**
 * Teacher mode in the playground's link: "teacher=1&hide=optimizer,schedule" hides those groups of
 * controls. The two parameters ride along with the playground's own settings; they are split off
 * before the settings are read and put back whenever the settings are written.
 */
import { TEACHING_GROUPS, type TeachingGroupId } from "./control-groups";

export interface TeacherMode {
  /** Hidden groups, in the order of TEACHING_GROUPS, without duplicates. */
  hidden: TeachingGroupId[];
}

export interface TeachingQuery {
  /** The mode the link asks for, or null when it does not turn teacher mode on. */
  mode: TeacherMode | null;
  /** The query without the teaching parameters, in its original order. */
  rest: string;
  /** What was refused, each naming the value. */
  errors: string[];
}

/** Other spellings a teacher may type for a group. */
const ALIASES: Record<string, TeachingGroupId> = {
  regularization: "regularisation",
  lr: "learningRate",
  "learning-rate": "learningRate",
  "early-stopping": "earlyStopping",
  earlystop: "earlyStopping",
  batchsize: "batch",
  epochs: "batch",
  dataset: "data",
  model: "network",
};

const BY_LOWER = new Map<string, TeachingGroupId>([
  ...TEACHING_GROUPS.map((g) => [g.id.toLowerCase(), g.id] as const),
  ...Object.entries(ALIASES),
]);

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

/** Reads "hide=" text: known groups (any case, a few aliases), and the names it does not know. */
export function parseHidden(text: string): { hidden: TeachingGroupId[]; unknown: string[] } {
  const found = new Set<TeachingGroupId>();
  const unknown: string[] = [];
  for (const part of text.split(",")) {
    const name = part.trim();
    if (name === "") continue;
    const id = BY_LOWER.get(name.toLowerCase());
    if (id) found.add(id);
    else if (!unknown.includes(name)) unknown.push(name);
  }
  return { hidden: TEACHING_GROUPS.map((g) => g.id).filter((id) => found.has(id)), unknown };
}

/** Splits the teaching parameters ("teacher", "hide") off a playground query ("?…" or without "?"). */
export function parseTeachingQuery(query: string): TeachingQuery {
  const q = query.startsWith("?") ? query.slice(1) : query;
  const rest: string[] = [];
  let teacher: string | null = null;
  let hide: string | null = null;
  for (const pair of q.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    if (name !== "teacher" && name !== "hide") {
      rest.push(pair);
      continue;
    }
    const value = decode(eq < 0 ? "" : pair.slice(eq + 1)) ?? "";
    if (name === "teacher") teacher = value;
    else hide = hide === null ? value : `${hide},${value}`;
  }
  const errors: string[] = [];
  let on = false;
  if (teacher !== null) {
    const t = teacher.trim().toLowerCase();
    if (t === "1" || t === "true" || t === "on" || t === "") on = true;
    else if (t !== "0" && t !== "false" && t !== "off") {
      errors.push(
        `Teacher mode must be teacher=1 or teacher=0, got 'teacher=${teacher}'; teacher mode is off`,
      );
    }
  }
  if (!on) {
    if (hide !== null && hide.trim() !== "") {
      errors.push(`'hide=${hide}' in the link needs teacher=1 as well; no controls are hidden`);
    }
    return { mode: null, rest: rest.join("&"), errors };
  }
  const { hidden, unknown } = parseHidden(hide ?? "");
  if (unknown.length > 0) {
    const names = unknown.map((n) => `"${n}"`).join(", ");
    const known = TEACHING_GROUPS.map((g) => g.id).join(", ");
    errors.push(
      `Unknown control group${unknown.length === 1 ? "" : "s"} ${names} in the link's hide= (known: ${known}); ` +
        (hidden.length > 0 ? `the others are hidden` : `nothing else to hide`),
    );
  }
  return { mode: { hidden }, rest: rest.join("&"), errors };
}

/** The teaching parameters of a mode ("teacher=1&hide=a,b"), or "" when teacher mode is off. */
export function teachingQuery(mode: TeacherMode | null): string {
  if (!mode) return "";
  const order = TEACHING_GROUPS.map((g) => g.id).filter((id) => mode.hidden.includes(id));
  return order.length > 0 ? `teacher=1&hide=${order.join(",")}` : "teacher=1";
}

/** A playground query with the teaching parameters of `mode` appended. */
export function withTeaching(configQuery: string, mode: TeacherMode | null): string {
  const t = teachingQuery(mode);
  if (t === "") return configQuery;
  return configQuery === "" ? t : `${configQuery}&${t}`;
}

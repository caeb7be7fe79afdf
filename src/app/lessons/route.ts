/** The lessons' part of the URL: "#/lessons" lists them, "#/lessons/<id>" shows one. */
import { lessonById } from "./catalog";

export const LESSONS_PATH = "lessons";

export interface LessonRoute {
  /** The lesson to show, or null for the list. */
  lessonId: string | null;
  /** Set when the hash names a lesson that does not exist. */
  unknownId: string | null;
}

/** Reads a hash such as "#/lessons/warmup?x=1"; null when it is not a lessons URL. */
export function lessonRoute(hash: string): LessonRoute | null {
  const body = hash.replace(/^#/, "").replace(/^\/+/, "");
  const path = body.split("?")[0].replace(/\/+$/, "");
  const [head, id, ...rest] = path.split("/");
  if (head !== LESSONS_PATH || rest.length > 0) return null;
  if (!id) return { lessonId: null, unknownId: null };
  const decoded = decodeURIComponent(id);
  return lessonById(decoded)
    ? { lessonId: decoded, unknownId: null }
    : { lessonId: null, unknownId: decoded };
}

/** The hash of a lesson's page, or of the list. */
export function lessonHash(id: string | null): string {
  return id ? `#/${LESSONS_PATH}/${encodeURIComponent(id)}` : `#/${LESSONS_PATH}`;
}

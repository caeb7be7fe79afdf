/** What the app's router needs from the lessons. */
export { default as LessonsView } from "../views/LessonsView.svelte";
export { LESSONS, lessonById, type Lesson } from "./catalog";
export { lessonHash, lessonRoute, LESSONS_PATH, type LessonRoute } from "./route";

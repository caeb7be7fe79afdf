/**
 * The views of the app, in the order of the navigation. Adding a view is one line here.
 * The playground is the landing view and ships in the first bundle; the other views (with what only
 * they use: the study engine, the study charts, d3's layout modules, history and export code) are
 * separate chunks, fetched the first time they are visited or when the person points at their link.
 */
import type { Component } from "svelte";
import PlaygroundView from "./views/PlaygroundView.svelte";
import type { ViewProps } from "./views/view-props";

export type ViewComponent = Component<ViewProps>;

/** A view in the first bundle, or one fetched by a dynamic import. */
export type ViewSource = { component: ViewComponent } | { load: () => Promise<{ default: ViewComponent }> };

export interface Route {
  /** The path in "#/path?query". */
  path: string;
  /** Navigation label, also the page title. */
  label: string;
  view: ViewSource;
}

export const ROUTES: Route[] = [
  { path: "playground", label: "Playground", view: { component: PlaygroundView } },
  { path: "study", label: "Study", view: { load: () => import("./views/StudyView.svelte") } },
  { path: "history", label: "History", view: { load: () => import("./views/HistoryView.svelte") } },
  { path: "lessons", label: "Lessons", view: { load: () => import("./views/LessonsView.svelte") } },
  { path: "compare", label: "Compare", view: { load: () => import("./views/CompareView.svelte") } },
];

/** The route a path belongs to: its first segment names it ("lessons/warmup" is the lessons view). */
export function routeOf(path: string): Route | undefined {
  const head = path.split("/")[0];
  return ROUTES.find((r) => r.path === head);
}

/**
 * Fetches each lazy view once. `ready` answers synchronously for views already here, so a
 * visited view shows at once; a failed fetch is forgotten, so asking again retries it.
 */
export class ViewLoader {
  private readonly done = new Map<string, ViewComponent>();
  private readonly pending = new Map<string, Promise<ViewComponent>>();

  /** The view's component if it is already here, else undefined. */
  ready(route: Route): ViewComponent | undefined {
    return "component" in route.view ? route.view.component : this.done.get(route.path);
  }

  /** The view's component, fetching its chunk on first use. */
  load(route: Route): Promise<ViewComponent> {
    const here = this.ready(route);
    if (here) return Promise.resolve(here);
    const source = route.view as { load: () => Promise<{ default: ViewComponent }> };
    let promise = this.pending.get(route.path);
    if (!promise) {
      promise = source.load().then(
        (module) => {
          this.done.set(route.path, module.default);
          this.pending.delete(route.path);
          return module.default;
        },
        (error: unknown) => {
          this.pending.delete(route.path);
          const reason = error instanceof Error ? error.message : String(error);
          throw new Error(`The ${route.label} view could not be loaded (${reason})`);
        },
      );
      this.pending.set(route.path, promise);
    }
    return promise;
  }

  /** Starts fetching a view ahead of a likely visit; a failure is reported when it is visited. */
  prefetch(route: Route): void {
    this.load(route).catch(() => {});
  }
}

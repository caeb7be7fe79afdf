/** The views of the app, in the order of the navigation. Adding a view is one line here. */
import type { Component } from "svelte";
import HistoryView from "./views/HistoryView.svelte";
import PlaygroundView from "./views/PlaygroundView.svelte";
import StudyView from "./views/StudyView.svelte";
import type { ViewProps } from "./views/view-props";

export interface Route {
  /** The path in "#/path?query". */
  path: string;
  /** Navigation label, also the page title. */
  label: string;
  component: Component<ViewProps>;
}

export const ROUTES: Route[] = [
  { path: "playground", label: "Playground", component: PlaygroundView },
  { path: "study", label: "Study", component: StudyView },
  { path: "history", label: "History", component: HistoryView },
];

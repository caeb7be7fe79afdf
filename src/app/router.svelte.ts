/**
 * Hash routing: "#/playground?lr=0.03&…". The path picks the view, the query holds the view's
 * whole configuration, so a link reproduces what it shows. A committed change is pushed onto the
 * history; back and forward (popstate/hashchange) update `path` and `query`, and views follow.
 * Hash URLs need no server support, so the built app works from any static file server.
 */

export interface Location {
  path: string;
  query: string;
}

/** Reads "#/path?query" (leading "#" and "/" optional). */
export function parseHash(hash: string): Location {
  const body = hash.replace(/^#/, "").replace(/^\/+/, "");
  const q = body.indexOf("?");
  return q < 0 ? { path: body, query: "" } : { path: body.slice(0, q), query: body.slice(q + 1) };
}

/** The hash of a location. */
export function hashOf(path: string, query = ""): string {
  return query ? `#/${path}?${query}` : `#/${path}`;
}

export class HashRouter {
  path = $state("");
  query = $state("");
  private readonly defaultPath: string;
  private readonly known: readonly string[];

  constructor(known: readonly string[], defaultPath: string) {
    this.known = known;
    this.defaultPath = defaultPath;
    this.read();
    window.addEventListener("popstate", this.read);
    window.addEventListener("hashchange", this.read);
  }

  /** Records a committed change of the current view's query as a new history entry. */
  pushQuery(query: string): void {
    this.write(this.path, query, false);
  }

  /** Rewrites the current entry (used to put the canonical, corrected query into the URL). */
  replaceQuery(query: string): void {
    this.write(this.path, query, true);
  }

  dispose(): void {
    window.removeEventListener("popstate", this.read);
    window.removeEventListener("hashchange", this.read);
  }

  private write(path: string, query: string, replace: boolean): void {
    const hash = hashOf(path, query);
    if (hash === location.hash) return;
    if (replace) history.replaceState(history.state, "", hash);
    else history.pushState(null, "", hash);
    this.path = path;
    this.query = query;
  }

  private read = (): void => {
    const { path, query } = parseHash(location.hash);
    // A view may have sub-paths ("lessons/warmup"): the first segment names the view.
    if (!this.known.includes(path.split("/")[0])) {
      // An unknown or empty path shows the default view (keeping any query it came with).
      this.path = this.defaultPath;
      this.query = query;
      history.replaceState(history.state, "", hashOf(this.defaultPath, query));
      return;
    }
    this.path = path;
    this.query = query;
  };
}

/** What every routed view receives: its part of the URL, and how to record a change of it. */
export interface ViewProps {
  /** The query string of the view's URL (without "?"): the view's whole configuration. */
  query: string;
  /** Records a committed change as a new history entry. */
  onpush: (query: string) => void;
  /** Rewrites the current entry (e.g. with the corrected, canonical query). */
  onreplace: (query: string) => void;
}

/** The pruner that never stops a trial on its own (the Study still stops diverged trials). */
import type { Pruner } from "../types";
import { checkPrunerOptions } from "./options";

export class NonePruner implements Pruner {
  readonly name = "none";

  /** Takes no options. */
  constructor(options: object = {}) {
    checkPrunerOptions("none", options, []);
  }

  shouldPrune(): boolean {
    return false;
  }
}

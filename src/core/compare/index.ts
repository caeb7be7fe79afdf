/** Pure logic of the compare view: parameters, value lists, settings and their URL, runs grid, aggregation. */
export * from "./parameters";
export * from "./values";
export * from "./settings";
export * from "./aggregate";

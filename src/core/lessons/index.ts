/** Pure helpers of the lessons: statistics over seeds, the range-test suggestion, curve readouts. */
export * from "./stats";
export * from "./range-test";
export * from "./curves";
export * from "./search-race";
export * from "./pruning-race";
export * from "./validation-overfit";

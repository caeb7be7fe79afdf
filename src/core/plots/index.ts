/** Plot data for a study's dashboard: pure extractors from (space, trials, direction) to what the charts draw. */
export {
  PLOT_TRIAL_STATES,
  bestTrial,
  checkTrials,
  isBetter,
  type PlotTrial,
  type PlotTrialState,
} from "./trials";
export { finiteExtent, objectiveDomain, quantileSorted } from "./domain";
export {
  axisPosition,
  paramAxes,
  paramAxis,
  unitCoordinate,
  type CategoricalAxis,
  type NumericAxis,
  type ParamAxis,
} from "./param-axis";
export {
  lastValue,
  optimizationHistory,
  type HistoryMark,
  type HistoryPoint,
  type OptimizationHistoryData,
} from "./history";
export {
  curvePoints,
  intermediateValues,
  type IntermediateCurve,
  type IntermediateValuesData,
  type StepValue,
} from "./intermediate";
export {
  linesWithinBrushes,
  parallelCoordinates,
  type BrushRange,
  type ParallelCoordinatesData,
  type ParallelLine,
  type ParallelOptions,
} from "./parallel";
export { slicePlots, type SliceOptions, type SlicePanel, type SlicePlotData, type SlicePoint } from "./slice";
export {
  contourPlot,
  defaultContourPair,
  type ContourData,
  type ContourGrid,
  type ContourOptions,
  type ContourPoint,
} from "./contour";
export {
  timeUnitFor,
  trialTimeline,
  type TimeUnit,
  type TimelineBar,
  type TimelineData,
  type TimelineLane,
} from "./timeline";
export { importanceBars, type ImportanceBar } from "./importance";

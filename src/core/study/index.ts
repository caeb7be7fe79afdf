/** Studies: the configuration of a search over playground settings, its validation and its use per trial. */
export * from "./study-config";
export {
  MAX_SEED,
  MAX_STUDY_NAME_LENGTH,
  MAX_TIME_LIMIT_SEC,
  MIN_TIME_LIMIT_SEC,
  MAX_TRIALS,
  STUDY_CONFIG_LIMITS,
  checkStudyConfigAt,
} from "./validate-study-config";
export * from "./tunables";
export * from "./study-dataset";
export * from "./cross-validation";

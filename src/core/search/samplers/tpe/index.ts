/** The Tree-structured Parzen Estimator sampler. */
export { TpeSampler, type TpeState, activationGroups } from "./sampler";
export { TPE_DEFAULTS, type TpeOptions } from "./options";
export { ParzenEstimator, type ParzenSettings } from "./parzen-estimator";

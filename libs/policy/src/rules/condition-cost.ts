/**
 * A static upper-bound estimate of what evaluating a policy condition can cost, computed from its AST
 * before it is ever run.
 *
 * Why: CEL is not Turing complete, but it is not cheap either. Nested comprehensions multiply
 * (`L.all(x, L.all(y, L.all(z, ...)))` over a 100-element list is 10^6 steps per extra level) and
 * `cel.bind` lets a value double at each level (`cel.bind(a, s + s, cel.bind(b, a + a, ...))`), which
 * allocates exponentially large strings. The library has no step budget of its own, so conditions whose
 * estimate exceeds the limits below are refused when a rule is saved; the run-time time limit of
 * `rule-evaluation.ts` is the second line of defence.
 *
 * The model: every value has a {@link Shape} (how long a string or list can be, what its items look like),
 * derived for context fields from the bounds of `POLICY_CONTEXT_SCHEMA` and for literals from the literal.
 * Cost counts node evaluations, plus one step per {@link CHARS_PER_STEP} characters/items touched by
 * linear operations; a comprehension costs its range's length times its body. The estimate is an upper
 * bound for the functions modelled here; calls it does not know get a conservative generic rule.
 */
import type { ASTNode } from '@marcbachmann/cel-js';
import {
  POLICY_CONTEXT_SCHEMA,
  POLICY_OBLIGATION_FIELDS,
  type PolicyContextField,
  CONTEXT_BOUNDS,
} from './policy-context';

/** Limits of the static estimate (see the module comment). */
export const COST_LIMITS = {
  /** Comprehension macros (all, exists, exists_one, map, filter) nested inside each other. */
  maxComprehensionNesting: 3,
  /** Estimated evaluation steps (see {@link CHARS_PER_STEP} for the calibration). */
  maxCost: 1_000_000,
  /** Estimated size (characters, or items x item size) of any intermediate value. */
  maxValueSize: 1_000_000,
} as const;

/**
 * Calibration, measured with cel-js 8 under Jest: one step is roughly 50-200 ns, so the default maxCost of
 * 10^6 steps is 50-200 ms in the worst case of every context list at its bound; real contexts are far
 * smaller. Characters (or list items) a native string/list operation handles in one step:
 */
export const CHARS_PER_STEP = 16;
/** Fixed steps of one comprehension iteration (binding the variable, the accumulator, the loop test). */
export const ITERATION_STEPS = 8;

type Kind = 'scalar' | 'string' | 'list' | 'map' | 'object' | 'dyn';

/** The size of a value: `n` is a string's length or a collection's item count (1 for scalars). */
export interface Shape {
  kind: Kind;
  n: number;
  /** List items, or map values. */
  item?: Shape;
  /** Map keys. */
  key?: Shape;
  /** Fields of a context object. */
  fields?: Readonly<Record<string, Shape>>;
  /** A tighter bound on the total size than n x size(item), where one is known (e.g. split). */
  total?: number;
}

/** A limit the expression breaks, with the offset of the node responsible. */
export interface CostProblem {
  message: string;
  offset: number;
}

/** The estimate of a whole condition. */
export interface CostEstimate {
  cost: number;
  maxValueSize: number;
  problems: CostProblem[];
}

const SCALAR: Shape = { kind: 'scalar', n: 1 };
const str = (n: number): Shape => ({ kind: 'string', n });

/** The estimated size of a value. */
export function sizeOf(s: Shape): number {
  if (s.total !== undefined) return s.total;
  if (s.fields) return Object.values(s.fields).reduce((sum, f) => sum + sizeOf(f), 0);
  if (s.kind === 'list' || s.kind === 'map') {
    return s.n * (Math.max(1, s.item ? sizeOf(s.item) : 1) + (s.key ? sizeOf(s.key) : 0));
  }
  return s.n;
}

function merge(a: Shape | undefined, b: Shape | undefined): Shape | undefined {
  if (!a || !b) return a ?? b;
  return {
    kind: a.kind === b.kind ? a.kind : 'dyn',
    n: Math.max(a.n, b.n),
    item: merge(a.item, b.item),
    key: merge(a.key, b.key),
    fields: a.fields ?? b.fields,
    total: a.total !== undefined && b.total !== undefined ? Math.max(a.total, b.total) : undefined,
  };
}

function fieldShape(f: PolicyContextField): Shape {
  switch (f.type) {
    case 'string':
      return str(f.max ?? CONTEXT_BOUNDS.text);
    case 'list<string>':
      return { kind: 'list', n: f.max ?? CONTEXT_BOUNDS.list, item: str(f.itemMax ?? CONTEXT_BOUNDS.text) };
    case 'list<PolicyObligation>':
      return { kind: 'list', n: f.max ?? CONTEXT_BOUNDS.list, item: objectShape(POLICY_OBLIGATION_FIELDS) };
    default:
      return SCALAR;
  }
}

function objectShape(fields: Record<string, PolicyContextField>): Shape {
  return {
    kind: 'object',
    n: 1,
    fields: Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, fieldShape(f)])),
  };
}

/** Shapes of the root variables, from the context schema's bounds. */
const ROOTS: ReadonlyMap<string, Shape> = new Map(
  Object.entries(POLICY_CONTEXT_SCHEMA).map(([root, fields]) => [root, objectShape(fields)]),
);

/** Operators that only refer to an existing value (no allocation). */
const REFERENCES = new Set(['id', '.', '.?', '[]', '[?]', '?:']);
const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);
const PREDICATES = new Set(['contains', 'startsWith', 'endsWith', 'matches', 'indexOf', 'lastIndexOf', 'size']);
const SAME_LENGTH = new Set(['lowerAscii', 'upperAscii', 'trim', 'substring']);
const TO_SCALAR = new Set(['size', 'int', 'uint', 'double', 'bool', 'type', 'timestamp', 'duration', 'has']);

interface Estimate {
  cost: number;
  shape: Shape;
}

/** The loosely typed view of an AST node this walker needs. */
interface Node {
  op: string;
  args: any;
  start: number;
}

/**
 * Estimates the cost of a parsed condition. Pure and fast (linear in the AST), so it can run on every save.
 *
 * @example
 * ```ts
 * estimateConditionCost(env.parse('request.languages.all(l, l in model.languages)').ast).problems; // []
 * ```
 */
export function estimateConditionCost(ast: ASTNode, limits = COST_LIMITS): CostEstimate {
  const problems: CostProblem[] = [];
  let maxValueSize = 0;
  const report = (node: Node, message: string) => {
    if (!problems.some((p) => p.message === message)) problems.push({ message, offset: node.start });
  };

  const walk = (node: Node, scope: ReadonlyMap<string, Shape>, nesting: number): Estimate => {
    const result = estimateNode(node, scope, nesting);
    // Only values the expression builds count: a reference to the context allocates nothing.
    if (REFERENCES.has(node.op)) return result;
    const size = sizeOf(result.shape);
    maxValueSize = Math.max(maxValueSize, size);
    if (size > limits.maxValueSize) {
      report(
        node,
        `a value here may grow to about ${fmt(size)} characters or items (limit ${fmt(limits.maxValueSize)})`,
      );
    }
    return result;
  };

  const estimateNode = (node: Node, scope: ReadonlyMap<string, Shape>, nesting: number): Estimate => {
    const sub = (n: Node) => walk(n, scope, nesting);
    const all = (nodes: Node[]) => nodes.map(sub);
    const costOf = (es: Estimate[]) => es.reduce((sum, e) => sum + e.cost, 0);
    const { op, args } = node;
    switch (op) {
      case 'value':
        return { cost: 1, shape: typeof args === 'string' || args instanceof Uint8Array ? str(args.length) : SCALAR };
      case 'id':
        return { cost: 1, shape: scope.get(args) ?? ROOTS.get(args) ?? SCALAR };
      case '.':
      case '.?': {
        const obj = sub(args[0]);
        const s = obj.shape;
        return { cost: obj.cost + 1, shape: s.fields?.[args[1]] ?? s.item ?? str(CONTEXT_BOUNDS.text) };
      }
      case '[]':
      case '[?]': {
        const [obj, index] = all(args);
        return { cost: obj.cost + index.cost + 1, shape: obj.shape.item ?? str(obj.shape.n) };
      }
      case 'list': {
        const items = all(args);
        const item = items.reduce<Shape | undefined>((m, e) => merge(m, e.shape), undefined);
        return { cost: costOf(items) + items.length, shape: { kind: 'list', n: items.length, item } };
      }
      case 'map': {
        const keys = all((args as Node[][]).map((e) => e[0]));
        const values = all((args as Node[][]).map((e) => e[1]));
        const mergeAll = (es: Estimate[]) => es.reduce<Shape | undefined>((m, e) => merge(m, e.shape), undefined);
        const shape: Shape = { kind: 'map', n: keys.length, key: mergeAll(keys), item: mergeAll(values) };
        return { cost: costOf(keys) + costOf(values) + keys.length, shape };
      }
      case '?:': {
        const [c, a, b] = all(args);
        return { cost: c.cost + a.cost + b.cost, shape: merge(a.shape, b.shape)! };
      }
      case '+': {
        const [a, b] = all(args);
        if (a.shape.kind === 'scalar' && b.shape.kind === 'scalar') return { cost: a.cost + b.cost + 1, shape: SCALAR };
        const total = sizeOf(a.shape) + sizeOf(b.shape);
        const shape: Shape = { ...merge(a.shape, b.shape)!, n: a.shape.n + b.shape.n, total };
        return { cost: a.cost + b.cost + 1 + total / CHARS_PER_STEP, shape };
      }
      case 'in': {
        const [a, b] = all(args);
        return { cost: a.cost + b.cost + 1 + b.shape.n + sizeOf(b.shape) / CHARS_PER_STEP, shape: SCALAR };
      }
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const [a, b] = all(args);
        const linear = Math.min(sizeOf(a.shape), sizeOf(b.shape)) / CHARS_PER_STEP;
        return { cost: a.cost + b.cost + 1 + linear, shape: SCALAR };
      }
      case '!_':
      case '-_': {
        const a = sub(args);
        return { cost: a.cost + 1, shape: SCALAR };
      }
      case 'call':
        return estimateCall(node, args[0], null, args[1], sub);
      case 'rcall': {
        const [name, receiver, fnArgs] = args as [string, Node, Node[]];
        if (COMPREHENSIONS.has(name) && fnArgs.length >= 2 && fnArgs[0].op === 'id') {
          return estimateComprehension(node, name, receiver, fnArgs, scope, nesting);
        }
        if (name === 'bind' && receiver.op === 'id' && receiver.args === 'cel' && fnArgs.length === 3) {
          const init = sub(fnArgs[1]);
          const inner = new Map(scope).set(fnArgs[0].args, init.shape);
          const body = walk(fnArgs[2], inner, nesting);
          return { cost: init.cost + body.cost + 1, shape: body.shape };
        }
        return estimateCall(node, name, receiver, fnArgs, sub);
      }
      default: {
        // Arithmetic and anything newer than this walker: children plus one step, scalar result.
        const children = (Array.isArray(args) ? args : [args]).filter(isNode);
        return { cost: costOf(all(children)) + 1, shape: SCALAR };
      }
    }
  };

  const estimateComprehension = (
    node: Node,
    name: string,
    receiver: Node,
    fnArgs: Node[],
    scope: ReadonlyMap<string, Shape>,
    nesting: number,
  ): Estimate => {
    if (nesting + 1 > limits.maxComprehensionNesting) {
      report(
        node,
        `comprehensions (${[...COMPREHENSIONS].join(', ')}) are nested more than ${limits.maxComprehensionNesting} deep`,
      );
    }
    const range = walk(receiver, scope, nesting);
    const element = range.shape.kind === 'map' ? range.shape.key : range.shape.item;
    const inner = new Map(scope).set(fnArgs[0].args, element ?? str(CONTEXT_BOUNDS.text));
    const body = fnArgs.slice(1).map((n) => walk(n, inner, nesting + 1));
    const perItem = body.reduce((sum, e) => sum + e.cost, 0) + ITERATION_STEPS;
    const cost = range.cost + range.shape.n * perItem;
    const last = body[body.length - 1].shape;
    if (name === 'map') return { cost, shape: { kind: 'list', n: range.shape.n, item: last } };
    if (name === 'filter') return { cost, shape: { kind: 'list', n: range.shape.n, item: element } };
    return { cost, shape: SCALAR };
  };

  const root = walk(ast as unknown as Node, new Map(), 0);
  if (root.cost > limits.maxCost) {
    problems.push({
      message: `estimated evaluation cost ${fmt(root.cost)} steps exceeds the limit of ${fmt(limits.maxCost)}: comprehensions over long lists are nested too deeply`,
      offset: 0,
    });
  }
  return { cost: root.cost, maxValueSize, problems };
}

/** Functions and methods other than macros. */
function estimateCall(
  _node: Node,
  name: string,
  receiver: Node | null,
  fnArgs: Node[],
  sub: (n: Node) => Estimate,
): Estimate {
  const r = receiver ? sub(receiver) : undefined;
  const as = fnArgs.map(sub);
  const base = (r?.cost ?? 0) + as.reduce((sum, e) => sum + e.cost, 0) + 1;
  const touched = (r ? sizeOf(r.shape) : 0) + as.reduce((sum, e) => sum + sizeOf(e.shape), 0);
  const cost = base + touched / CHARS_PER_STEP;
  const first = r?.shape ?? as[0]?.shape ?? SCALAR;
  if (r && PREDICATES.has(name)) return { cost, shape: SCALAR };
  if (TO_SCALAR.has(name)) return { cost, shape: SCALAR };
  if (r && SAME_LENGTH.has(name)) return { cost, shape: str(r.shape.n) };
  if (r && name === 'split') {
    const n = r.shape.n;
    return { cost, shape: { kind: 'list', n: n + 1, item: str(n), total: 2 * n + 1 } };
  }
  if (r && name === 'join') {
    const sep = as[0] ? as[0].shape.n : 0;
    return { cost, shape: str(sizeOf(r.shape) + r.shape.n * sep) };
  }
  if (!r && name === 'dyn') return { cost, shape: first };
  if (!r && (name === 'string' || name === 'bytes')) return { cost, shape: str(Math.max(32, sizeOf(first))) };
  // Unknown to this walker: assume the result may be as large as everything it was given.
  return { cost, shape: { ...first, n: Math.max(first.n, touched), total: touched } };
}

function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && typeof (x as Node).op === 'string';
}

function fmt(n: number): string {
  return n >= 1e6 ? n.toExponential(1) : String(Math.round(n));
}

import {
  ASTVisitor,
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';

/**
 * The depth limit inside `__schema`, where a type reference's `ofType` chain is not counted.
 *
 * An explorer reads the schema with the standard introspection query, whose type references nest `ofType`
 * nine times (`[Int!]!` is three levels): 13 levels in all, over the depth limit. An `ofType` is one object
 * per level, so its chain cannot multiply the work; what can is the list fields (`types`, `fields`,
 * `args`, ...), and those still count. graphql-armor's depth rule is told to leave `__schema` to this rule.
 *
 * Fragments are measured once each (memoised), so the rule's work is linear in the document; it reads them
 * from the document, not through `context.getFragment`.
 */
export function introspectionDepthRule(maxDepth: number, refusal: (message: string) => GraphQLError): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) {
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    }
    const memo = new Map<string, number>();
    const inProgress = new Set<string>();

    const depthOf = (set: SelectionSetNode | undefined): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) {
          const own = s.name.value === 'ofType' ? 0 : 1;
          deepest = Math.max(deepest, own + depthOf(s.selectionSet));
        } else if (s.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(s.selectionSet));
        } else {
          deepest = Math.max(deepest, fragmentDepth(s.name.value));
        }
      }
      return deepest;
    };
    const fragmentDepth = (name: string): number => {
      const known = memo.get(name);
      if (known !== undefined) return known;
      const fragment = fragments.get(name);
      // An unknown fragment or a cycle is reported by graphql-js's own rules.
      if (!fragment || inProgress.has(name)) return 0;
      inProgress.add(name);
      const depth = depthOf(fragment.selectionSet);
      inProgress.delete(name);
      memo.set(name, depth);
      return depth;
    };

    return {
      Field(node, _key, _parent, _path, ancestors) {
        if (node.name.value !== '__schema') return;
        // `__schema` is a root field; its depth counts from there as armor counts (root field = 1).
        const outer = ancestors.filter((a) => !Array.isArray(a) && (a as { kind?: string }).kind === Kind.FIELD);
        const depth = outer.length + 1 + depthOf(node.selectionSet);
        if (depth > maxDepth) {
          context.reportError(refusal(`Query depth limit of ${maxDepth} exceeded, found ${depth}.`));
        }
        return false;
      },
    };
  };
}

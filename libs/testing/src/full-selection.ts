import {
  getNamedType,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLSchema,
  isAbstractType,
  isLeafType,
  isNonNullType,
  isObjectType,
} from 'graphql';

/**
 * A selection of every field a client can select on `typeName` (every member of a union or interface
 * with `__typename`), so a test compares whole results rather than the fields someone thought of. An
 * object type already on the path contributes its leaf fields only (`familySiblings` of a model is not
 * followed to its own siblings); fields that require arguments are left out.
 */
export function fullSelection(schema: GraphQLSchema, typeName: string, path: readonly string[] = []): string {
  const type = schema.getType(typeName);
  if (!type) throw new Error(`no type ${typeName} in the schema`);
  if (isAbstractType(type)) {
    const members = schema
      .getPossibleTypes(type)
      .map((m) => `... on ${m.name} { ${fullSelection(schema, m.name, path)} }`);
    return `__typename ${members.join(' ')}`;
  }
  if (!isObjectType(type)) throw new Error(`${typeName} is not an output object type`);
  const seen = path.includes(type.name);
  const fields = Object.values(type.getFields())
    .filter((f) => !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined))
    .map((f) => selectField(schema, f, seen, [...path, type.name]))
    .filter((s): s is string => s !== null);
  return ['__typename', ...fields].join(' ');
}

function selectField(
  schema: GraphQLSchema,
  field: GraphQLField<unknown, unknown>,
  leavesOnly: boolean,
  path: readonly string[],
): string | null {
  const named: GraphQLNamedType = getNamedType(field.type);
  if (isLeafType(named)) return field.name;
  if (leavesOnly) return null;
  return `${field.name} { ${fullSelection(schema, named.name, path)} }`;
}

/** `mutation($a: T!, ...) { r: field(a: $a, ...) { <every field> } }` for one mutation of the schema. */
export function fullMutation(schema: GraphQLSchema, name: string): string {
  const field = schema.getMutationType()?.getFields()[name];
  if (!field) throw new Error(`no mutation ${name} in the schema`);
  const args = field.args as ReadonlyArray<{ name: string; type: GraphQLInputType }>;
  const variables = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const passed = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const named = getNamedType(field.type);
  const selection = isLeafType(named) ? '' : `{ ${fullSelection(schema, named.name)} }`;
  return `mutation${variables ? `(${variables})` : ''} { r: ${name}${passed ? `(${passed})` : ''} ${selection} }`;
}

import { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, TEXT_LIMITS, unsafeTextProblem } from '@app/core';
import {
  DocumentNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLInputType,
  GraphQLSchema,
  isInputObjectType,
  isListType,
  OperationDefinitionNode,
  typeFromAST,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/** An id is a UUID (36 characters); anything much longer names nothing and is not worth echoing back. */
const MAX_ID_LENGTH = 100;

/** A refused string: where it sits (e.g. `$input.title` or `input.title`) and why. */
export interface InputProblem {
  field: string;
  message: string;
}

/** Why one string of the request cannot be accepted, or null. */
function stringProblem(field: string, value: string, isId: boolean): InputProblem | null {
  const problem = (message: string | null) => (message ? { field, message } : null);
  if (isId && value.length > MAX_ID_LENGTH) return problem(`${field} is not an id`);
  // A ceiling for every text, whatever its own (lower) bound: no string of a request exceeds the largest document.
  if (value.length > TEXT_LIMITS.DOCUMENT) {
    return problem(`${field} must be at most ${TEXT_LIMITS.DOCUMENT.toLocaleString('en')} characters`);
  }
  return problem(unsafeTextProblem(field, value));
}

/** Walks a variable's JSON value along its declared input type and reports the first bad string. */
function variableProblem(value: unknown, type: GraphQLInputType | undefined, path: string): InputProblem | null {
  if (value === null || value === undefined || type === undefined) return null;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const items = Array.isArray(value) ? value : [value];
    for (let i = 0; i < items.length; i++) {
      const problem = variableProblem(items[i], nullable.ofType, `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object' || Array.isArray(value)) return null; // coercion refuses the shape
    const fields = nullable.getFields();
    for (const [key, item] of Object.entries(value)) {
      const problem = variableProblem(item, fields[key]?.type, `${path}.${key}`);
      if (problem) return problem;
    }
    return null;
  }
  return typeof value === 'string' ? stringProblem(path, value, getNamedType(type).name === 'ID') : null;
}

/**
 * What the literals of a document hold, by document: Apollo hands every request with the same text the
 * same parsed document, so a document is walked once, not once per request.
 */
const literalProblems = new WeakMap<DocumentNode, InputProblem | null>();

/** The first bad string among the operation's variables and the document's literals, or null. */
export function findInputProblem(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): InputProblem | null {
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    const problem = variableProblem(variables[name], type, `$${name}`);
    if (problem) return problem;
  }
  let problem = literalProblems.get(document);
  if (problem === undefined) {
    problem = literalProblem(schema, document);
    literalProblems.set(document, problem);
  }
  return problem;
}

/** The first bad string literal of the document, or null. */
function literalProblem(schema: GraphQLSchema, document: DocumentNode): InputProblem | null {
  // Literals: the lexer already refuses raw control characters and unpaired surrogate escapes; "\u0000" and
  // oversized strings remain. The path names the argument and input fields the literal sits in.
  let found: InputProblem | null = null;
  const path: string[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
      ObjectField: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
      StringValue(node) {
        if (found) return;
        const type = typeInfo.getInputType();
        found = stringProblem(path.join('.') || 'a text', node.value, !!type && getNamedType(type).name === 'ID');
      },
    }),
  );
  return found;
}

/**
 * Input hygiene for every operation, in one place rather than per field: any text anywhere (arguments,
 * input objects, variables, literals) holding a NUL or an unpaired UTF-16 surrogate, or longer than the
 * largest document, and any id far longer than an id, is refused before execution with BAD_USER_INPUT
 * naming where it sits (PostgreSQL cannot store NUL; an unpaired surrogate is not Unicode text). The
 * refusal carries HTTP 400 itself (Apollo answers 500 for an error thrown by a plugin without a status).
 */
export function inputHygienePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, schema }) {
          if (!operation) return;
          const problem = findInputProblem(schema, document, operation, request.variables ?? {});
          if (problem) {
            throw new GraphQLError(problem.message, {
              extensions: { code: ErrorCode.BAD_USER_INPUT, field: problem.field, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

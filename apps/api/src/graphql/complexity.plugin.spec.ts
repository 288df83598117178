import { GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { pageComplexity } from '@app/core';
import { costVariables, OperationCosts, operationCost } from './complexity.plugin';

const Item = new GraphQLObjectType({ name: 'Item', fields: { id: { type: GraphQLString } } });
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      items: {
        type: new GraphQLList(Item),
        args: { first: { type: GraphQLInt }, label: { type: GraphQLString } },
        extensions: { complexity: pageComplexity },
      },
      item: { type: Item, args: { id: { type: GraphQLString } } },
    },
  }),
});

describe(costVariables.name, () => {
  it('names the variables of fields whose cost reads their arguments, and of directives', () => {
    const document = parse(`query($n: Int, $l: String, $id: String, $with: Boolean!) {
      items(first: $n, label: $l) { id @include(if: $with) }
      item(id: $id) { id }
    }`);
    expect(costVariables(schema, document).sort()).toEqual(['l', 'n', 'with']);
  });
});

describe(OperationCosts.name, () => {
  const document = parse(`query($n: Int = 5, $id: String, $with: Boolean! = true) {
    items(first: $n) { id @include(if: $with) }
    item(id: $id) { id }
  }`);
  const exact = (variables: Record<string, unknown>) => operationCost(schema, document, undefined, variables, 1000);

  it('answers what operationCost answers, for each value of the variables the cost depends on', () => {
    const sut = new OperationCosts(() => schema, 1000);
    const cases = [{ n: 1 }, { n: 100 }, { n: 1 }, {}, { n: null }, { n: 100, with: false }, { n: 100, id: 'x' }];
    for (const variables of cases) expect(sut.of(document, undefined, variables)).toBe(exact(variables));
    expect(new Set(cases.map(exact)).size).toBeGreaterThan(3);
  });

  it('remembers nothing for variables that do not fit, and throws as operationCost does', () => {
    const sut = new OperationCosts(() => schema, 1000);
    expect(() => sut.of(document, undefined, { n: 'many' })).toThrow();
    expect(() => sut.of(document, undefined, { n: 'many' })).toThrow();
    expect(sut.of(document, undefined, { n: 3 })).toBe(exact({ n: 3 }));
  });
});

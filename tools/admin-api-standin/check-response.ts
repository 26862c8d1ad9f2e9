// Checks a response's `data` against the document that asked for it and the schema, independently of how the
// data was made: every selected field present under its response key and nothing else, nulls only where the
// type allows them, lists where lists are due, scalars and enums in their wire format. Tests use it on the
// stand-in's answers and on any canned response, so "valid for the schema" is checked, not assumed.
import {
  getNamedType,
  getOperationAST,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isScalarType,
  Kind,
  parse,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { adminSchema } from "./admin-schema.ts";

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  problems: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether a fragment on `condition` applies to an object of type `concrete` (or of unknown type, on `parent`). */
function applies(walk: Walk, condition: string | undefined, parent: GraphQLCompositeType, concrete: string | null): boolean {
  if (!condition || condition === parent.name || condition === concrete) return true;
  const type = walk.schema.getType(condition);
  if (!type || !concrete) return false;
  const concreteType = walk.schema.getType(concrete);
  return isAbstractType(type) && isObjectType(concreteType) && walk.schema.isSubType(type, concreteType);
}

/** The fields a selection set asks of an object, by response key, with their definitions' types. */
function selectedFields(walk: Walk, selectionSet: SelectionSetNode, parent: GraphQLCompositeType, concrete: string | null, into = new Map<string, { type: GraphQLOutputType; selectionSet?: SelectionSetNode }>()) {
  const owner = concrete ? walk.schema.getType(concrete) : parent;
  const fields = owner && (isObjectType(owner) || isInterfaceType(owner)) ? owner.getFields() : {};
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      if (selection.name.value === "__typename") {
        into.set(key, { type: walk.schema.getType("String") as GraphQLOutputType });
        continue;
      }
      const field = fields[selection.name.value];
      if (field) into.set(key, { type: field.type, ...(selection.selectionSet ? { selectionSet: selection.selectionSet } : {}) });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (applies(walk, selection.typeCondition?.name.value, parent, concrete)) selectedFields(walk, selection.selectionSet, parent, concrete, into);
    } else {
      const fragment = walk.fragments.get(selection.name.value);
      if (fragment && applies(walk, fragment.typeCondition.name.value, parent, concrete)) selectedFields(walk, fragment.selectionSet, parent, concrete, into);
    }
  }
  return into;
}

function checkValue(walk: Walk, type: GraphQLOutputType, value: unknown, selectionSet: SelectionSetNode | undefined, path: string): void {
  if (isNonNullType(type)) {
    if (value === null || value === undefined) walk.problems.push(`${path}: null for non-null ${String(type)}`);
    else checkValue(walk, type.ofType, value, selectionSet, path);
    return;
  }
  if (value === null) return;
  if (value === undefined) {
    walk.problems.push(`${path}: missing`);
    return;
  }
  if (isListType(type)) {
    if (!Array.isArray(value)) walk.problems.push(`${path}: expected a list of ${String(type.ofType)}`);
    else value.forEach((item, index) => checkValue(walk, type.ofType, item, selectionSet, `${path}[${index}]`));
    return;
  }
  if (isEnumType(type)) {
    if (typeof value !== "string" || !type.getValue(value)) walk.problems.push(`${path}: ${JSON.stringify(value)} is not a value of ${type.name}`);
    return;
  }
  if (isScalarType(type)) {
    try {
      const serialized = type.serialize(value);
      if (serialized !== value) walk.problems.push(`${path}: ${JSON.stringify(value)} is not in ${type.name}'s wire format`);
    } catch (error) {
      walk.problems.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return;
  }
  if (!isRecord(value)) {
    walk.problems.push(`${path}: expected an object of ${type.name}`);
    return;
  }
  const named = getNamedType(type) as GraphQLCompositeType;
  const typename = typeof value.__typename === "string" ? value.__typename : null;
  if (typename && isAbstractType(named) && !walk.schema.getPossibleTypes(named).some((possible) => possible.name === typename)) {
    walk.problems.push(`${path}: ${typename} is not a ${named.name}`);
  }
  const concrete = isObjectType(named) ? named.name : typename;
  const fields = selectionSet ? selectedFields(walk, selectionSet, named, concrete) : new Map();
  for (const key of Object.keys(value)) {
    if (!fields.has(key)) walk.problems.push(`${path}.${key}: not selected`);
  }
  for (const [key, field] of fields) checkValue(walk, field.type, value[key], field.selectionSet, `${path}.${key}`);
}

/** Problems with `data` as an answer to `document`; empty when it is a valid response. */
export function responseProblems(document: string, data: unknown, operationName?: string, schema: GraphQLSchema = adminSchema()): string[] {
  const parsed = parse(document);
  const operation = getOperationAST(parsed, operationName);
  if (!operation) return ["the document has no operation to answer"];
  const root = operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (!root) return [`the schema has no ${operation.operation} type`];
  const walk: Walk = {
    schema,
    fragments: new Map(parsed.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment])),
    problems: [],
  };
  if (!isRecord(data)) return ["data is not an object"];
  const fields = selectedFields(walk, operation.selectionSet, root, root.name);
  for (const key of Object.keys(data)) {
    if (!fields.has(key)) walk.problems.push(`data.${key}: not selected`);
  }
  for (const [key, field] of fields) checkValue(walk, field.type, data[key], field.selectionSet, `data.${key}`);
  return walk.problems;
}

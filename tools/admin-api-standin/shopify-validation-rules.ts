// Shopify's Admin API runs on graphql-ruby, whose validation messages and error codes differ from graphql-js's.
// These rules report the mistakes Tally is most likely to make the way graphql-ruby reports them (message text,
// `extensions.code` and the extra keys beside it), so a test that reads an error sees what production would show.
// They take the place of the graphql-js rules named in REPLACED_RULES; every other graphql-js rule still runs
// and is tagged with graphql-ruby's code for it (validate-admin-document.ts).
// Texts and codes: graphql-ruby lib/graphql/static_validation/rules/*.rb.
import {
  GraphQLError,
  GraphQLNonNull,
  getNamedType,
  isCompositeType,
  isLeafType,
  isListType,
  isNonNullType,
  Kind,
  print,
  typeFromAST,
  valueFromAST,
  visit,
  type ASTNode,
  type ASTVisitor,
  type GraphQLType,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from "graphql";

function report(context: ValidationContext, message: string, node: ASTNode, extensions: Record<string, unknown>): void {
  context.reportError(new GraphQLError(message, { nodes: [node], extensions }));
}

const fieldsAreDefinedOnType: ValidationRule = (context) => ({
  Field(node) {
    const parent = context.getParentType();
    if (!parent || context.getFieldDef() || node.name.value === "__typename") return;
    report(context, `Field '${node.name.value}' doesn't exist on type '${parent.name}'`, node, {
      code: "undefinedField",
      typeName: parent.name,
      fieldName: node.name.value,
    });
  },
});

/** The field or directive an argument belongs to (its direct parent in the visit is the arguments array). */
function argumentOwner(ancestors: readonly (ASTNode | readonly ASTNode[])[]): ASTNode | undefined {
  for (let index = ancestors.length - 1; index >= 0; index--) {
    const ancestor = ancestors[index];
    if (ancestor && !Array.isArray(ancestor)) return ancestor as ASTNode;
  }
  return undefined;
}

const argumentsAreDefined: ValidationRule = (context) => ({
  Argument(node, _key, _parent, _path, ancestors) {
    if (context.getArgument()) return;
    const owner = argumentOwner(ancestors);
    if (!owner) return;
    if (owner.kind === Kind.FIELD && context.getFieldDef()) {
      report(context, `Field '${owner.name.value}' doesn't accept argument '${node.name.value}'`, node, {
        code: "argumentNotAccepted",
        name: owner.name.value,
        typeName: "Field",
        argumentName: node.name.value,
      });
    } else if (owner.kind === Kind.DIRECTIVE && context.getDirective()) {
      report(context, `Directive '${owner.name.value}' doesn't accept argument '${node.name.value}'`, node, {
        code: "argumentNotAccepted",
        name: owner.name.value,
        typeName: "Directive",
        argumentName: node.name.value,
      });
    }
  },
});

const requiredArgumentsArePresent: ValidationRule = (context) => ({
  Field(node) {
    const field = context.getFieldDef();
    if (!field) return;
    const given = new Set((node.arguments ?? []).map((argument) => argument.name.value));
    const missing = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined && !given.has(arg.name)).map((arg) => arg.name);
    if (missing.length === 0) return;
    report(context, `Field '${node.name.value}' is missing required arguments: ${missing.join(", ")}`, node, {
      code: "missingRequiredArguments",
      className: "Field",
      name: node.name.value,
      arguments: missing.join(", "),
    });
  },
});

const fieldsHaveAppropriateSelections: ValidationRule = (context) => ({
  Field(node) {
    const type = context.getType();
    if (!type) return;
    const named = getNamedType(type);
    const selections = node.selectionSet?.selections ?? [];
    if (isLeafType(named) && selections.length > 0) {
      const names = selections.map((selection) => (selection.kind === Kind.FIELD ? selection.name.value : selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : "..."));
      report(context, `Selections can't be made on scalars (field '${node.name.value}' returns ${named.name} but has selections [${names.join(", ")}])`, node, {
        code: "selectionMismatch",
        nodeName: `field '${node.name.value}'`,
        typeName: named.name,
      });
    } else if (isCompositeType(named) && selections.length === 0) {
      report(context, `Field must have selections (field '${node.name.value}' returns ${named.name} but has no selections. Did you mean '${node.name.value} { ... }'?)`, node, {
        code: "selectionMismatch",
        nodeName: `field '${node.name.value}'`,
        typeName: named.name,
      });
    }
  },
});

function hasVariable(value: ValueNode): boolean {
  let found = false;
  visit(value, {
    Variable() {
      found = true;
    },
  });
  return found;
}

const argumentLiteralsAreCompatible: ValidationRule = (context) => ({
  Argument(node, _key, _parent, _path, ancestors) {
    const argument = context.getArgument();
    if (!argument || hasVariable(node.value)) return;
    if (valueFromAST(node.value, argument.type) !== undefined) return;
    const owner = argumentOwner(ancestors);
    const kind = owner?.kind === Kind.DIRECTIVE ? "Directive" : "Field";
    const ownerName = owner?.kind === Kind.FIELD || owner?.kind === Kind.DIRECTIVE ? owner.name.value : "";
    report(context, `Argument '${node.name.value}' on ${kind} '${ownerName}' has an invalid value (${print(node.value)}). Expected type '${String(argument.type)}'.`, node, {
      code: "argumentLiteralsIncompatible",
      typeName: kind,
      argumentName: node.name.value,
    });
  },
});

function listDimension(type: GraphQLType): number {
  if (isNonNullType(type)) return listDimension(type.ofType);
  if (isListType(type)) return 1 + listDimension(type.ofType);
  return 0;
}

function nonNullLevelsMatch(argument: GraphQLType, variable: GraphQLType): boolean {
  if (isNonNullType(argument) && !isNonNullType(variable)) return false;
  const argumentInner = isNonNullType(argument) ? argument.ofType : argument;
  const variableInner = isNonNullType(variable) ? variable.ofType : variable;
  if (isListType(argumentInner) && isListType(variableInner)) return nonNullLevelsMatch(argumentInner.ofType, variableInner.ofType);
  return true;
}

function operationLabel(operation: OperationDefinitionNode): string {
  return operation.name?.value ?? `anonymous ${operation.operation}`;
}

const variableUsagesAreAllowed: ValidationRule = (context) => ({
  OperationDefinition: {
    leave(operation) {
      const declared = new Map((operation.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, definition]));
      for (const usage of context.getRecursiveVariableUsages(operation)) {
        const definition = declared.get(usage.node.name.value);
        const expected = usage.type;
        if (!definition || !expected) continue;
        const declaredType = typeFromAST(context.getSchema(), definition.type);
        if (!declaredType) continue;
        // A variable with a default value is never null, as graphql-ruby sees it.
        const given = definition.defaultValue && !isNonNullType(declaredType) ? new GraphQLNonNull(declaredType) : declaredType;
        const effective = String(given);
        let problem: string | null = null;
        if (getNamedType(given) !== getNamedType(expected)) problem = "Type mismatch";
        else if (listDimension(given) !== listDimension(expected)) problem = "List dimension mismatch";
        else if (!nonNullLevelsMatch(expected, given)) problem = "Nullability mismatch";
        if (!problem) continue;
        const name = usage.node.name.value;
        report(context, `${problem} on variable $${name} and argument ${argumentNameOf(usage.node, operation) ?? name} (${effective} / ${String(expected)})`, usage.node, {
          code: "variableMismatch",
          variableName: name,
          typeName: effective,
          argumentName: argumentNameOf(usage.node, operation) ?? name,
          errorMessage: problem,
        });
      }
    },
  },
});

/** The argument a variable is passed to, found by position in the operation. */
function argumentNameOf(variable: ASTNode, operation: OperationDefinitionNode): string | undefined {
  let name: string | undefined;
  visit(operation, {
    Argument(node) {
      if (node.value === variable) name = node.name.value;
    },
  });
  return name;
}

const variablesAreUsedAndDefined: ValidationRule = (context) => ({
  OperationDefinition: {
    leave(operation) {
      const used = new Map(context.getRecursiveVariableUsages(operation).map((usage) => [usage.node.name.value, usage.node]));
      const declared = new Set((operation.variableDefinitions ?? []).map((definition) => definition.variable.name.value));
      for (const name of declared) {
        if (used.has(name)) continue;
        report(context, `Variable $${name} is declared by ${operationLabel(operation)} but not used`, operation, { code: "variableNotUsed", variableName: name });
      }
      for (const [name, node] of used) {
        if (declared.has(name)) continue;
        report(context, `Variable $${name} is used by ${operationLabel(operation)} but not declared`, node, { code: "variableNotDefined", variableName: name });
      }
    },
  },
});

const fragmentTypesExist: ValidationRule = (context) => {
  const check = (node: ASTNode & { typeCondition?: { name: { value: string } } }) => {
    const name = node.typeCondition?.name.value;
    if (name && !context.getSchema().getType(name)) {
      report(context, `No such type ${name}, so it can't be a fragment condition`, node, { code: "undefinedType", typeName: name });
    }
  };
  return { InlineFragment: check, FragmentDefinition: check } satisfies ASTVisitor;
};

const variablesAreInputTypes: ValidationRule = (context) => ({
  VariableDefinition(node) {
    const type = typeFromAST(context.getSchema(), node.type);
    if (type && !isCompositeType(getNamedType(type))) return;
    const typeName = print(node.type);
    const problem = type ? `${typeName} isn't a valid input type (on $${node.variable.name.value})` : `${typeName} isn't a defined input type (on $${node.variable.name.value})`;
    report(context, problem, node, { code: "variableRequiresValidType", typeName, variableName: node.variable.name.value });
  },
});

/** graphql-js rules that the graphql-ruby style rules above stand in for. */
export const REPLACED_RULES = new Set([
  "FieldsOnCorrectTypeRule",
  "KnownArgumentNamesRule",
  "ProvidedRequiredArgumentsRule",
  "ScalarLeafsRule",
  "ValuesOfCorrectTypeRule",
  "VariablesInAllowedPositionRule",
  "NoUnusedVariablesRule",
  "NoUndefinedVariablesRule",
  "KnownTypeNamesRule",
  "VariablesAreInputTypesRule",
]);

export const SHOPIFY_RULES: readonly ValidationRule[] = [
  fieldsAreDefinedOnType,
  argumentsAreDefined,
  requiredArgumentsArePresent,
  fieldsHaveAppropriateSelections,
  argumentLiteralsAreCompatible,
  variableUsagesAreAllowed,
  variablesAreUsedAndDefined,
  fragmentTypesExist,
  variablesAreInputTypes,
];

/** graphql-ruby's codes for the graphql-js rules that still run as they are. */
export const RULE_CODES: Record<string, string> = {
  ExecutableDefinitionsRule: "queryContainsSchemaDefinitions",
  UniqueOperationNamesRule: "uniquelyNamedOperations",
  LoneAnonymousOperationRule: "uniquelyNamedOperations",
  SingleFieldSubscriptionsRule: "notSingleSubscription",
  FragmentsOnCompositeTypesRule: "fragmentOnNonCompositeType",
  UniqueFragmentNamesRule: "fragmentNotUnique",
  KnownFragmentNamesRule: "useAndDefineFragment",
  NoUnusedFragmentsRule: "useAndDefineFragment",
  PossibleFragmentSpreadsRule: "cannotSpreadFragment",
  NoFragmentCyclesRule: "infiniteLoop",
  UniqueVariableNamesRule: "variableNotUnique",
  KnownDirectivesRule: "undefinedDirective",
  UniqueDirectivesPerLocationRule: "directiveNotUniqueForLocation",
  UniqueArgumentNamesRule: "argumentNotUnique",
  UniqueInputFieldNamesRule: "inputFieldNotUnique",
  OverlappingFieldsCanBeMergedRule: "fieldConflict",
};

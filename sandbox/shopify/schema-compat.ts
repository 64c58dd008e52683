// Checks that a hand-written subset schema only claims what the real schema has, so a
// document that validates against the subset also validates against Shopify.
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  isRequiredArgument,
  isRequiredInputField,
  isIntrospectionType,
  isSpecifiedScalarType,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";

const kindOf = (type: GraphQLNamedType) =>
  isObjectType(type) ? "object" : isInterfaceType(type) ? "interface" : isUnionType(type) ? "union"
    : isEnumType(type) ? "enum" : isInputObjectType(type) ? "input" : isScalarType(type) ? "scalar" : "unknown";

/** Every mismatch between `subset` and `real`, as readable lines; empty when compatible. */
export function compareSubsetToSchema(subset: GraphQLSchema, real: GraphQLSchema): string[] {
  const problems: string[] = [];
  const rootNames = (s: GraphQLSchema) => [s.getQueryType()?.name, s.getMutationType()?.name];
  if (rootNames(subset).join() !== rootNames(real).join()) problems.push(`root types differ: ${rootNames(subset)} vs ${rootNames(real)}`);

  for (const type of Object.values(subset.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    const realType = real.getType(type.name);
    if (!realType) { problems.push(`type ${type.name} does not exist`); continue; }
    if (kindOf(type) !== kindOf(realType)) { problems.push(`${type.name} is ${kindOf(realType)}, not ${kindOf(type)}`); continue; }

    if ((isObjectType(type) || isInterfaceType(type)) && (isObjectType(realType) || isInterfaceType(realType))) {
      const realInterfaces = new Set(realType.getInterfaces().map((i) => i.name));
      for (const i of type.getInterfaces()) if (!realInterfaces.has(i.name)) problems.push(`${type.name} does not implement ${i.name}`);
      const realFields = realType.getFields();
      for (const field of Object.values(type.getFields())) {
        const where = `${type.name}.${field.name}`;
        const realField = realFields[field.name];
        if (!realField) { problems.push(`field ${where} does not exist`); continue; }
        if (String(field.type) !== String(realField.type)) problems.push(`${where} returns ${realField.type}, not ${field.type}`);
        if ((field.deprecationReason ?? null) !== (realField.deprecationReason ?? null)) problems.push(`${where} deprecation differs: ${realField.deprecationReason ?? "none"}`);
        problems.push(...compareInputs(where, field.args, realField.args, isRequiredArgument));
      }
    } else if (isUnionType(type) && isUnionType(realType)) {
      const members = new Set(realType.getTypes().map((t) => t.name));
      for (const t of type.getTypes()) if (!members.has(t.name)) problems.push(`union ${type.name} has no member ${t.name}`);
    } else if (isEnumType(type) && isEnumType(realType)) {
      for (const v of type.getValues()) if (!realType.getValue(v.name)) problems.push(`enum ${type.name} has no value ${v.name}`);
    } else if (isInputObjectType(type) && isInputObjectType(realType)) {
      problems.push(...compareInputs(type.name, Object.values(type.getFields()), Object.values(realType.getFields()), isRequiredInputField));
    }
  }
  return problems;
}

/** Arguments or input fields: same types and defaults, and nothing the real API requires is left out. */
function compareInputs<T extends GraphQLArgument | GraphQLInputField>(
  where: string,
  mine: readonly T[],
  real: readonly T[],
  isRequired: (input: T) => boolean,
): string[] {
  const problems: string[] = [];
  const realByName = new Map(real.map((a) => [a.name, a]));
  for (const input of mine) {
    const realInput = realByName.get(input.name);
    if (!realInput) { problems.push(`${where}(${input.name}) does not exist`); continue; }
    if (String(input.type) !== String(realInput.type)) problems.push(`${where}(${input.name}) is ${realInput.type}, not ${input.type}`);
    if (JSON.stringify(input.defaultValue) !== JSON.stringify(realInput.defaultValue)) {
      problems.push(`${where}(${input.name}) defaults to ${JSON.stringify(realInput.defaultValue)}, not ${JSON.stringify(input.defaultValue)}`);
    }
  }
  const mineNames = new Set(mine.map((a) => a.name));
  for (const realInput of real) if (isRequired(realInput) && !mineNames.has(realInput.name)) problems.push(`${where} omits required ${realInput.name}`);
  return problems;
}

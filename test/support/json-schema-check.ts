// Checks a JSON value against a JSON Schema of the OpenAPI document, as far as the document uses JSON Schema:
// $ref into components, type (one or a list), enum, const, properties / required / additionalProperties: false,
// items, oneOf, minimum / maximum, minLength / maxLength, pattern. Returns what does not fit, by path.
type Schema = Record<string, unknown>;

export function schemaProblems(value: unknown, schema: Schema, components: Record<string, Schema>, path = "$"): string[] {
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.replace("#/components/schemas/", "");
    const target = components[name];
    return target ? schemaProblems(value, target, components, path) : [`${path}: no component ${name}`];
  }
  if (Array.isArray(schema.oneOf)) {
    const fits = (schema.oneOf as Schema[]).filter((option) => schemaProblems(value, option, components, path).length === 0);
    return fits.length === 1 ? [] : [`${path}: fits ${fits.length} of oneOf's ${schema.oneOf.length} options`];
  }
  const problems: string[] = [];
  const types = schema.type === undefined ? null : ([] as unknown[]).concat(schema.type);
  if (types) {
    const actual = value === null ? "null" : Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;
    const ok = types.includes(actual) || (actual === "integer" && types.includes("number"));
    if (!ok) return [`${path}: ${actual} is not ${types.join(" or ")}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} is not one of ${schema.enum.join(", ")}`);
  if ("const" in schema && schema.const !== value) problems.push(`${path}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) problems.push(`${path}: below ${schema.minimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum) problems.push(`${path}: above ${schema.maximum}`);
  }
  if (typeof value === "string") {
    if (typeof schema.minLength === "number" && value.length < schema.minLength) problems.push(`${path}: shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === "number" && value.length > schema.maxLength) problems.push(`${path}: longer than ${schema.maxLength}`);
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern).test(value)) problems.push(`${path}: does not match ${schema.pattern}`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, index) => problems.push(...schemaProblems(item, schema.items as Schema, components, `${path}[${index}]`)));
  if (value && typeof value === "object" && !Array.isArray(value) && schema.properties) {
    const properties = schema.properties as Record<string, Schema>;
    for (const name of (schema.required as string[] | undefined) ?? []) if (!(name in value)) problems.push(`${path}.${name}: missing`);
    for (const [name, child] of Object.entries(value)) {
      if (properties[name]) problems.push(...schemaProblems(child, properties[name], components, `${path}.${name}`));
      else if (schema.additionalProperties === false) problems.push(`${path}.${name}: not in the schema`);
    }
  }
  return problems;
}

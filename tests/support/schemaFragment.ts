/**
 * Checks a value against a vendored OpenAPI/JSON-schema fragment (type, enum, required, pattern, length,
 * nested properties and array items). A key the fragment does not describe is a problem: Helm and
 * Kubernetes' pruning would otherwise drop a misspelt or unsupported field without a word.
 */
export interface SchemaFragment {
    type?: string | string[];
    enum?: unknown[];
    required?: string[];
    pattern?: string;
    minLength?: number;
    maxLength?: number;
    properties?: Record<string, SchemaFragment>;
    items?: SchemaFragment;
}

/** The JSON schema type of a value (integers apart from other numbers). */
export function jsonTypeOf(value: unknown): string {
    if (Array.isArray(value)) {
        return "array";
    }
    if (value === null) {
        return "null";
    }
    if (typeof value === "number") {
        return Number.isInteger(value) ? "integer" : "number";
    }
    return typeof value;
}

/** Problems found, each prefixed with the path of the offending value; empty when the value fits. */
export function schemaProblems(value: unknown, schema: SchemaFragment, path = "$"): string[] {
    const problems: string[] = [];
    if (schema.type !== undefined) {
        const allowed = Array.isArray(schema.type) ? schema.type : [schema.type];
        const actual = jsonTypeOf(value);
        if (!allowed.includes(actual) && !(actual === "integer" && allowed.includes("number"))) {
            return [`${path}: expected ${allowed.join(" or ")}, found ${actual}`];
        }
    }
    if (schema.enum && !schema.enum.includes(value)) {
        problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
    }
    if (typeof value === "string") {
        if (schema.pattern && !new RegExp(schema.pattern).test(value)) {
            problems.push(`${path}: "${value}" does not match ${schema.pattern}`);
        }
        if ((schema.minLength !== undefined && value.length < schema.minLength) || (schema.maxLength !== undefined && value.length > schema.maxLength)) {
            problems.push(`${path}: length ${value.length} outside ${schema.minLength ?? 0}-${schema.maxLength ?? "inf"}`);
        }
    }
    if (jsonTypeOf(value) === "object" && schema.properties) {
        const object = value as Record<string, unknown>;
        for (const key of schema.required ?? []) {
            if (object[key] === undefined) {
                problems.push(`${path}.${key}: required`);
            }
        }
        for (const [key, child] of Object.entries(object)) {
            const childSchema = schema.properties[key];
            if (!childSchema) {
                problems.push(`${path}.${key}: not a field of the vendored schema`);
                continue;
            }
            problems.push(...schemaProblems(child, childSchema, `${path}.${key}`));
        }
    }
    if (Array.isArray(value) && schema.items) {
        value.forEach((item, i) => problems.push(...schemaProblems(item, schema.items!, `${path}[${i}]`)));
    }
    return problems;
}

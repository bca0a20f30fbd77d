/**
 * The stack rules' configSchemas: the engine checks a pack's config (`pulumi preview --policy-pack-config`,
 * policy/config.<env>.json written by `npm run docs`) against them, so each option must be typed and described,
 * its default must fit its own type, and every value the committed configs set must be a declared option of
 * the declared type.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { stackRules } from "../../../rules/stack";

type Schema = { type?: string; items?: Schema; additionalProperties?: Schema; description?: string; default?: unknown };
const TYPES = new Set(["boolean", "string", "number", "integer", "array", "object"]);

/** Where `schema` is not a complete declaration (typed, element types included). */
function declarationProblems(schema: Schema, at: string): string[] {
    if (!TYPES.has(schema.type ?? "")) {
        return [`${at}: type ${JSON.stringify(schema.type)} is not a JSON schema type`];
    }
    if (schema.type === "array") {
        return schema.items ? declarationProblems(schema.items, `${at}[]`) : [`${at}: an array without items`];
    }
    if (schema.type === "object") {
        return schema.additionalProperties ? declarationProblems(schema.additionalProperties, `${at}.*`) : [`${at}: an object without additionalProperties`];
    }
    return [];
}

/** Where `value` does not fit `schema`. */
function valueProblems(schema: Schema, value: unknown, at: string): string[] {
    switch (schema.type) {
        case "array":
            return Array.isArray(value) ? value.flatMap((v, i) => valueProblems(schema.items!, v, `${at}[${i}]`)) : [`${at}: ${JSON.stringify(value)} is not an array`];
        case "object":
            return typeof value === "object" && value !== null && !Array.isArray(value)
                ? Object.entries(value).flatMap(([k, v]) => valueProblems(schema.additionalProperties!, v, `${at}.${k}`))
                : [`${at}: ${JSON.stringify(value)} is not an object`];
        case "integer":
            return Number.isInteger(value) ? [] : [`${at}: ${JSON.stringify(value)} is not an integer`];
        default:
            return typeof value === schema.type ? [] : [`${at}: ${JSON.stringify(value)} is not a ${schema.type}`];
    }
}

const configurable = stackRules.filter((rule) => rule.configSchema !== undefined);

describe("stack rules: config schemas", () => {
    it("every option is typed down to its elements, described, and has a default of its type", () => {
        assert.ok(configurable.length >= 5, `expected the configurable stack rules, found ${configurable.map((r) => r.name)}`);
        const problems = configurable.flatMap((rule) =>
            Object.entries(rule.configSchema!.properties as Record<string, Schema>).flatMap(([key, schema]) => [
                ...declarationProblems(schema, `${rule.name}.${key}`),
                ...((schema.description ?? "").trim() === "" ? [`${rule.name}.${key}: no description`] : []),
                ...(declarationProblems(schema, "").length === 0 ? valueProblems(schema, schema.default, `${rule.name}.${key} default`) : []),
            ]),
        );
        assert.deepEqual(problems, []);
    });

    for (const env of ["dev", "staging", "prod"]) {
        it(`policy/config.${env}.json sets only declared options, each of its declared type`, () => {
            const config = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", `config.${env}.json`), "utf8")) as Record<string, Record<string, unknown>>;
            const problems = configurable.flatMap((rule) =>
                Object.entries(config[rule.name] ?? {})
                    .filter(([key]) => key !== "enforcementLevel")
                    .flatMap(([key, value]) => {
                        const schema = (rule.configSchema!.properties as Record<string, Schema>)[key];
                        return schema === undefined ? [`${rule.name}.${key}: not declared`] : valueProblems(schema, value, `${rule.name}.${key}`);
                    }),
            );
            assert.deepEqual(problems, []);
            // The committed configs do configure the stack rules (else this would check nothing).
            assert.ok(configurable.some((rule) => Object.keys(config[rule.name] ?? {}).some((k) => k !== "enforcementLevel")), env);
        });
    }
});

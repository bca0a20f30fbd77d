/**
 * Specs for a family's configSchemas: the engine checks a pack's config (`pulumi preview --policy-pack-config`,
 * policy/config.<env>.json written by `npm run docs`) against them, so each option must be typed down to its
 * elements and described, its default must fit its own type, and every value the committed configs set must be
 * a declared option of the declared type.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PlatformPolicy } from "../lib/rule";

type Schema = { type?: string; items?: Schema; additionalProperties?: Schema; description?: string; default?: unknown };
const TYPES = new Set(["boolean", "string", "number", "integer", "array", "object"]);

/** Where `schema` is not a complete declaration (typed, element types included). */
export function declarationProblems(schema: Schema, at: string): string[] {
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

/** Where `value` does not fit `schema` (a complete declaration). */
export function valueProblems(schema: Schema, value: unknown, at: string): string[] {
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

/**
 * The specs for one family's configurable rules. `withoutDefault` names the options (`<rule>.<option>`) that
 * deliberately have none (the rule computes it, e.g. the current time).
 */
export function describeConfigSchemas(family: string, rules: PlatformPolicy[], withoutDefault: string[] = []): void {
    const configurable = rules.filter((rule) => rule.configSchema !== undefined);
    const properties = (rule: PlatformPolicy) => rule.configSchema!.properties as Record<string, Schema>;

    describe(`${family} rules: config schemas`, () => {
        it("every option is typed down to its elements, described, and has a default of its type", () => {
            assert.ok(configurable.length > 0, `no configurable ${family} rule`);
            const problems = configurable.flatMap((rule) =>
                Object.entries(properties(rule)).flatMap(([key, schema]) => {
                    const declaration = declarationProblems(schema, `${rule.name}.${key}`);
                    return [
                        ...declaration,
                        ...((schema.description ?? "").trim() === "" ? [`${rule.name}.${key}: no description`] : []),
                        ...(declaration.length === 0 && !(withoutDefault.includes(`${rule.name}.${key}`) && schema.default === undefined)
                            ? valueProblems(schema, schema.default, `${rule.name}.${key} default`)
                            : []),
                    ];
                }),
            );
            assert.deepEqual(problems, []);
        });

        for (const env of ["dev", "staging", "prod"]) {
            it(`policy/config.${env}.json sets only declared options, each of its declared type`, () => {
                const config = JSON.parse(fs.readFileSync(path.join(__dirname, "..", `config.${env}.json`), "utf8")) as Record<string, Record<string, unknown>>;
                const set = (rule: PlatformPolicy) => Object.entries(config[rule.name] ?? {}).filter(([key]) => key !== "enforcementLevel");
                const problems = configurable.flatMap((rule) =>
                    set(rule).flatMap(([key, value]) => {
                        const schema = properties(rule)[key];
                        return schema === undefined ? [`${rule.name}.${key}: not declared`] : valueProblems(schema, value, `${rule.name}.${key}`);
                    }),
                );
                assert.deepEqual(problems, []);
                // The committed config does configure the family's rules (else this would check nothing).
                assert.ok(configurable.some((rule) => set(rule).length > 0), `policy/config.${env}.json configures no ${family} rule`);
            });
        }
    });
}

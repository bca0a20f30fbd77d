/**
 * Documentation and declarations that must not drift from the schema: the README's config reference and
 * Pulumi.yaml's typed `config:` block.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { platformConfigSchema } from "../../config";
import { withConfigReference } from "../../config/reference";
import { readProjectFile } from "../../offline/stackFiles";
import { PROJECT_ROOT } from "../../offline/synthesize";

const jsonSchema = z.toJSONSchema(platformConfigSchema, { io: "input", unrepresentable: "any" }) as any;

/** The type Pulumi.yaml can declare for a key, or undefined for structured keys it cannot type. */
function pulumiTypeOf(schema: any): string | undefined {
    if (schema.type === "string" || schema.type === "boolean" || schema.type === "integer") {
        return schema.type;
    }
    if (schema.type === "array" && ["string", "boolean", "integer"].includes(schema.items?.type)) {
        return "array";
    }
    return undefined;
}

describe("documentation and declarations", () => {
    it("README's config reference is generated from the current schema (run `npm run docs`)", () => {
        const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
        assert.strictEqual(readme, withConfigReference(readme), "README.md config reference is stale: run npm run docs");
    });

    it("every config key, nested ones included, has a description", () => {
        const missing: string[] = [];
        const walk = (schema: any, keyPath: string) => {
            for (const [key, property] of Object.entries<any>(schema.properties ?? {})) {
                const full = `${keyPath}${key}`;
                if (!property.description) {
                    missing.push(full);
                }
                const nested = property.items ?? (property.additionalProperties && typeof property.additionalProperties === "object" ? property.additionalProperties : property);
                if (nested.properties) {
                    walk(nested, `${full}.`);
                }
            }
        };
        walk(jsonSchema, "platform:");
        assert.deepStrictEqual(missing, []);
    });

    it("Pulumi.yaml declares every scalar and array key with the schema's type and default", () => {
        const declared = readProjectFile(PROJECT_ROOT).config;
        const required = new Set<string>(jsonSchema.required ?? []);
        for (const [key, property] of Object.entries<any>(jsonSchema.properties)) {
            const type = pulumiTypeOf(property);
            if (type === undefined) {
                assert.ok(!(key in declared), `${key} is structured; Pulumi.yaml cannot type it, so it must not be declared`);
                continue;
            }
            const declaration = declared[key];
            assert.ok(declaration, `Pulumi.yaml does not declare ${key}`);
            assert.strictEqual(declaration.type, type, `${key} type`);
            assert.strictEqual(declaration.description, property.description, `${key} description`);
            if ("default" in property) {
                assert.deepStrictEqual(declaration.default, property.default, `${key} default`);
            } else {
                assert.ok(required.has(key) && !("default" in declaration), `${key} must be required without a default`);
            }
        }
        for (const key of Object.keys(declared)) {
            assert.ok(key in jsonSchema.properties, `Pulumi.yaml declares ${key}, which the schema does not know`);
        }
    });
});

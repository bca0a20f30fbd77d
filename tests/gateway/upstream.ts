/**
 * Checks against the vendored upstream sources of tests/gateway/fixtures (versions in its README): Helm value
 * keys against a chart's values.yaml, plugin config fields against Kong's schema.lua, Kong CRD objects against
 * the CRD's openAPIV3Schema.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { SchemaFragment, schemaProblems } from "../support/schemaFragment";

export const FIXTURES = path.join(__dirname, "fixtures");

export function fixtureText(name: string): string {
    return fs.readFileSync(path.join(FIXTURES, name), "utf8");
}

/**
 * Paths of `values` the chart does not know. A key is known when the chart's values.yaml has it, when it is
 * documented there as a commented example (`# key:`, as the charts do for optional blocks such as
 * `topologySpreadConstraints`), or when it sits under a free-form map the chart passes through (`freeForm`).
 */
export function unknownHelmKeys(values: unknown, valuesYaml: string, freeForm: readonly string[]): string[] {
    const defaults = parseYaml(valuesYaml) as Record<string, unknown>;
    const commented = new Set([...valuesYaml.matchAll(/^\s*#\s*([A-Za-z][A-Za-z0-9_]*):/gm)].map((m) => m[1]));
    const unknown: string[] = [];
    const walk = (value: unknown, known: unknown, at: string[]) => {
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            return;
        }
        if (freeForm.includes(at.join("."))) {
            return;
        }
        for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
            const here = [...at, key];
            const knownObject = known !== null && typeof known === "object" && !Array.isArray(known) ? (known as Record<string, unknown>) : undefined;
            if (knownObject && Object.prototype.hasOwnProperty.call(knownObject, key)) {
                walk(child, knownObject[key], here);
            } else if (commented.has(key)) {
                // Documented but commented out: its children are documented the same way.
                walk(child, undefined, here);
            } else {
                unknown.push(here.join("."));
            }
        }
    };
    walk(values, defaults, []);
    return unknown;
}

/** Field names declared in a Kong schema.lua (`{ name = ... }`). */
export function luaSchemaFields(pluginFile: string): Set<string> {
    const text = fixtureText(path.join("kong-plugin-schemas", pluginFile));
    return new Set([...text.matchAll(/\{\s*([a-z_][a-z0-9_]*)\s*=/g)].map((m) => m[1]));
}

/** Config paths of a plugin whose leaf field its schema.lua (and, under `redis`, the shared redis schema) does not declare. */
export function unknownPluginFields(plugin: string, config: Record<string, unknown>): string[] {
    const fields = luaSchemaFields(`${plugin}.lua`);
    const unknown: string[] = [];
    for (const [key, value] of Object.entries(config)) {
        if (!fields.has(key)) {
            unknown.push(key);
            continue;
        }
        if (key === "redis" && value && typeof value === "object") {
            const redisFields = luaSchemaFields("redis.lua");
            unknown.push(...Object.keys(value).filter((k) => !redisFields.has(k)).map((k) => `redis.${k}`));
        } else if (value && typeof value === "object" && !Array.isArray(value) && key !== "resource_attributes") {
            unknown.push(...Object.keys(value).filter((k) => !fields.has(k)).map((k) => `${key}.${k}`));
        }
    }
    return unknown;
}

/** Kong's CRD schemas, vendored where the stack-wide object check (tests/kubernetes) also reads them. */
const KONG_CRDS = path.join(__dirname, "..", "fixtures", "crds", "configuration.konghq.com", "v1");
const KONG_API_VERSION = "configuration.konghq.com/v1";

/** Problems of a Kong custom resource against its CRD's schema (unknown fields included); empty when it fits. */
export function kongCrdProblems(object: Record<string, any>): string[] {
    const file = path.join(KONG_CRDS, `${object.kind}.json`);
    if (!fs.existsSync(file)) {
        return [`no vendored CRD for kind ${object.kind}`];
    }
    if (object.apiVersion !== KONG_API_VERSION) {
        return [`apiVersion ${object.apiVersion}, expected ${KONG_API_VERSION}`];
    }
    // `config` is free-form in the CRD (x-kubernetes-preserve-unknown-fields); plugin schemas check it.
    return schemaProblems(object, JSON.parse(fs.readFileSync(file, "utf8")) as SchemaFragment);
}

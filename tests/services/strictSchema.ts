/**
 * Validates a manifest against the upstream OpenAPI schema compiled into kubernetes-models (and its CRD
 * packages) AND refuses fields the schema does not know. The compiled validators check types, enums and
 * required fields but accept unknown keys (the API server would prune them silently), so every object is
 * wrapped in a Proxy that records which keys the validator reads: a key of a schema'd object the validator
 * never reads is one the schema does not define. Maps (labels, ConfigMap data, trigger metadata) are
 * enumerated by the validator (additionalProperties), and every key of an enumerated object counts as read.
 */
import * as path from "path";
import { pathToFileURL } from "url";
import { importEsm } from "../support/importEsm.js";

type Validator = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string; keyword: string; params: unknown }> | null };

/**
 * The compiled validator of a schema of a kubernetes-models package, e.g. (`kubernetes-models`,
 * `IoK8sApiAppsV1Deployment`). Loaded by file: the CRD packages do not export their `_schemas`.
 */
export async function loadValidator(pkg: string, schema: string): Promise<Validator> {
    const file = path.join(__dirname, "..", "..", "node_modules", pkg, "_schemas", `${schema}.js`);
    const module = await importEsm<{ validate: Validator }>(pathToFileURL(file).href);
    return module.validate;
}

/** Problems of `value` against the validator: schema errors, then unknown fields by JSON pointer. */
export function strictProblems(validate: Validator, value: unknown): string[] {
    const read = new Map<object, Set<PropertyKey>>();
    const enumerated = new Set<object>();
    const wrap = (target: unknown): unknown => {
        if (target === null || typeof target !== "object") {
            return target;
        }
        const keys = new Set<PropertyKey>();
        read.set(target, keys);
        const children = new Map<PropertyKey, unknown>();
        return new Proxy(target as object, {
            get(obj, key, receiver) {
                keys.add(key);
                const child = Reflect.get(obj, key, receiver);
                if (child !== null && typeof child === "object") {
                    if (!children.has(key)) {
                        children.set(key, wrap(child));
                    }
                    return children.get(key);
                }
                return child;
            },
            ownKeys(obj) {
                enumerated.add(obj);
                return Reflect.ownKeys(obj);
            },
            has(obj, key) {
                keys.add(key);
                return Reflect.has(obj, key);
            },
        });
    };
    const ok = validate(wrap(value));
    const problems = ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.keyword} ${JSON.stringify(e.params)}`);
    const walk = (node: unknown, path: string) => {
        if (node === null || typeof node !== "object") {
            return;
        }
        const keys = read.get(node as object);
        for (const [key, child] of Object.entries(node as object)) {
            const childPath = `${path}/${key}`;
            if (!Array.isArray(node) && !enumerated.has(node as object) && !(keys?.has(key) ?? false)) {
                problems.push(`${childPath}: unknown field (not in the schema)`);
                continue;
            }
            walk(child, childPath);
        }
    };
    walk(value, "");
    return problems;
}

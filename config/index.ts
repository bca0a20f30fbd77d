/**
 * Reads every `platform:*` key from the Pulumi runtime and validates it into one typed object.
 * This is the only place the program reads configuration.
 */
import * as pulumi from "@pulumi/pulumi";
import { platformConfigShape, PlatformConfig } from "./schema";
import { CONFIG_NAMESPACE, validateConfig } from "./validate";

export * from "./schema";
export { ConfigError, ConfigProblem, CONFIG_NAMESPACE, validateConfig } from "./validate";

/** True when the key's schema is a plain string (or enum): its raw value is used as-is, not JSON-decoded. */
function isTextKey(key: string): boolean {
    let schema: any = (platformConfigShape as Record<string, any>)[key];
    while (schema && (schema.def.type === "default" || schema.def.type === "optional")) {
        schema = schema.def.innerType;
    }
    return schema !== undefined && (schema.def.type === "string" || schema.def.type === "enum");
}

/**
 * Decodes Pulumi's config map (`platform:key` -> string; structured values arrive as JSON) into raw values.
 * Keys of other namespaces (aws:, kubernetes:, ...) are left to their providers.
 */
export function decodeConfigMap(config: Record<string, string>): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    const prefix = `${CONFIG_NAMESPACE}:`;
    for (const [fullKey, value] of Object.entries(config)) {
        if (!fullKey.startsWith(prefix)) {
            continue;
        }
        const key = fullKey.slice(prefix.length);
        if (isTextKey(key)) {
            raw[key] = value;
            continue;
        }
        try {
            raw[key] = JSON.parse(value);
        } catch {
            raw[key] = value; // left for the schema to reject with the key named
        }
    }
    return raw;
}

/** The validated configuration of the current stack. Throws ConfigError before any resource is created. */
export function loadConfig(): PlatformConfig {
    return validateConfig(decodeConfigMap(pulumi.runtime.allConfig()));
}

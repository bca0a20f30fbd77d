/**
 * Reads every `platform:*` key from the Pulumi runtime and validates it into one typed object.
 * This is the only place the program reads configuration.
 */
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "./schema";
import { decodeConfigMap, validateConfig } from "./validate";

export * from "./schema";
export { ConfigError, ConfigProblem, CONFIG_NAMESPACE, decodeConfigMap, problemLines, projectValues, validateConfig } from "./validate";

/** The validated configuration of the current stack. Throws ConfigError before any resource is created. */
export function loadConfig(): PlatformConfig {
    return validateConfig(decodeConfigMap(pulumi.runtime.allConfig()));
}

import { PlatformResourcePolicy } from "../../lib/rule";
import { validateResourceOfTokens } from "../../lib/validate";
import { KONG_PLUGIN_TYPES } from "../../lib/gateway";

/** Config keys of Kong plugins that hold credentials (redis.password, client_secret, api_key, ...). */
const CREDENTIAL_KEY = /(^|_)(password|secret|token|api_key|apikey|private_key|client_secret|auth)$/i;

/** Paths in `value` of credential-named keys with a literal, non-empty value. */
export function plaintextCredentialPaths(value: unknown, path = "config"): string[] {
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => plaintextCredentialPaths(v, `${path}[${i}]`));
    }
    if (value === null || typeof value !== "object") {
        return [];
    }
    return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
        const here = `${path}.${key}`;
        if (CREDENTIAL_KEY.test(key) && child !== null && child !== undefined && typeof child !== "object" && String(child) !== "") {
            // A Kong vault reference ({vault://...}) is a pointer, not the credential.
            return /^\{vault:\/\//.test(String(child)) ? [] : [here];
        }
        return plaintextCredentialPaths(child, here);
    });
}

/**
 * A plugin object is readable by anyone who can read CRs (and lands in Pulumi state): credentials come from a
 * Secret (`configFrom`/`configPatches` secretKeyRef) or a Kong vault reference, never inline.
 */
export const k8sKongPluginNoPlaintextCredentials: PlatformResourcePolicy = {
    name: "k8s-kong-plugin-no-plaintext-credentials",
    description: "KongPlugin and KongClusterPlugin config must not carry credentials (password, secret, token, api_key, ...) inline.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "exposure",
    anchors: [],
    remediationSteps: "Move the value to a Kubernetes Secret (External Secrets) and reference it with `configPatches: [{ path: \"/redis/password\", valueFrom: { secretKeyRef: { name, key } } }]` (or `configFrom`).",
    validateResource: validateResourceOfTokens(KONG_PLUGIN_TYPES, (plugin, _args, reportViolation) => {
        for (const path of plaintextCredentialPaths(plugin.config)) {
            reportViolation(`${path} holds a credential in plain text; expected a secretKeyRef (configPatches/configFrom)`);
        }
    }),
};

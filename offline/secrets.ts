/**
 * Secret values as the mock monitor sees them: Pulumi's RPC wire form
 * `{ "<specialSigKey>": "<specialSecretSig>", value }`.
 */
import { isRpcSecret, unwrapRpcSecret } from "@pulumi/pulumi/runtime/rpc";

export const SECRET_MASK = "[secret]";

/** Deep copy of `value` with every secret replaced by its plain value (what a policy pack is handed). */
export function revealSecrets(value: any): any {
    if (isRpcSecret(value)) {
        return revealSecrets(unwrapRpcSecret(value));
    }
    if (Array.isArray(value)) {
        return value.map(revealSecrets);
    }
    if (value !== null && typeof value === "object" && value.constructor === Object) {
        const out: Record<string, any> = {};
        for (const [k, v] of Object.entries(value)) {
            out[k] = revealSecrets(v);
        }
        return out;
    }
    return value;
}

/** Deep copy of `value` with every secret replaced by `[secret]` (what is printed or written to JSON). */
export function maskSecrets(value: any): any {
    if (isRpcSecret(value)) {
        return SECRET_MASK;
    }
    if (Array.isArray(value)) {
        return value.map(maskSecrets);
    }
    if (value !== null && typeof value === "object" && value.constructor === Object) {
        const out: Record<string, any> = {};
        for (const [k, v] of Object.entries(value)) {
            out[k] = maskSecrets(v);
        }
        return out;
    }
    return value;
}

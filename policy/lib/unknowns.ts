/**
 * The engine's sentinels for values not known during preview (copied from @pulumi/policy's internal
 * proxy.js, which does not export them in its typings). The string sentinel is also Pulumi's RPC
 * `unknownValue`, which is how an unknown input reaches a pack.
 */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const UNKNOWN_SENTINELS = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    UNKNOWN_STRING, // string
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export function isUnknownSentinel(value: unknown): boolean {
    return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/** The plain object behind the engine's unknown-checking proxy (its own escape hatch), or the value itself. */
export function withoutProxy<T>(value: T): T {
    if (value !== null && typeof value === "object") {
        const target = (value as any).__getSpecialProxyTarget;
        if (target !== undefined) {
            return target as T;
        }
    }
    return value;
}

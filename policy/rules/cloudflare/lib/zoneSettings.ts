/**
 * Cloudflare v6 `ZoneSetting` ids and nested value keys come in two spellings: the API's snake_case
 * (`always_use_https`, `strict_transport_security`) and the camelCase of the SDK's generated docs
 * (`alwaysUseHttps`, `strictTransportSecurity`). Rules compare the canonical snake_case form and read
 * nested keys in either spelling, so neither form slips past them.
 */

/** Ids whose snake_case form is not a plain camel-to-snake conversion. */
const SPECIAL_IDS: Record<string, string> = { tls13: "tls_1_3", tls12Only: "tls_1_2_only" };

/** The canonical (snake_case, API) id of a setting id in either spelling. */
export function canonicalSettingId(settingId: unknown): string | undefined {
    if (typeof settingId !== "string") {
        return undefined;
    }
    return SPECIAL_IDS[settingId] ?? settingId.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

function camelCase(snake: string): string {
    return snake.replace(/_([a-z0-9])/g, (_match, c: string) => c.toUpperCase());
}

/** `object[key]` for a snake_case key, falling back to its camelCase spelling. */
export function readKey(object: unknown, snakeKey: string): any {
    if (object === null || typeof object !== "object") {
        return undefined;
    }
    const record = object as Record<string, unknown>;
    return record[snakeKey] !== undefined ? record[snakeKey] : record[camelCase(snakeKey)];
}

/** The zone settings every zone must manage explicitly (see stack-cloudflare-zone-settings). */
export const REQUIRED_ZONE_SETTINGS = ["ssl", "min_tls_version", "always_use_https", "security_header"];

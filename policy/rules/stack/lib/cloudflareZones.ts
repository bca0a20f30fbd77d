/**
 * The Cloudflare zones a stack configures: the zones it creates, and the existing zones it only references (a
 * Cloudflare resource whose `zoneId` is a literal, not a created zone's id), each with the resources that use it.
 * Shared by the stack rules that require something of every zone (settings, the managed WAF).
 */
import { PolicyResource } from "@pulumi/policy";

export const CLOUDFLARE_ZONE = "cloudflare:index/zone:Zone";

export function cloudflareZonesOf(resources: PolicyResource[]): { created: PolicyResource[]; existing: Map<string, PolicyResource[]> } {
    const created = resources.filter((r) => r.type === CLOUDFLARE_ZONE);
    const createdZoneUrns = new Set(created.map((z) => z.urn));
    const existing = new Map<string, PolicyResource[]>();
    for (const resource of resources) {
        const zoneId = resource.props.zoneId;
        const fromCreatedZone = (resource.propertyDependencies?.zoneId ?? []).some((d) => createdZoneUrns.has(d.urn));
        if (resource.type.startsWith("cloudflare:") && resource.type !== CLOUDFLARE_ZONE && typeof zoneId === "string" && !fromCreatedZone) {
            existing.set(zoneId, [...(existing.get(zoneId) ?? []), resource]);
        }
    }
    return { created, existing };
}

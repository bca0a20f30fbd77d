/** Tag sets. Every resource carries env, owner and cost-center (provider default tags) plus service and data-classification where known. */

export type DataClassification = "public" | "internal" | "confidential" | "pii";

export interface BaseTagInput {
    environment: string;
    owner: string;
    costCenter: string;
    extra?: Record<string, string>;
}

/** What a resource that belongs to no one service is: shared platform infrastructure holding no customer data. */
export const PLATFORM_SERVICE = "platform";
export const DEFAULT_DATA_CLASSIFICATION: DataClassification = "internal";

/**
 * Tags every AWS resource gets through the provider's `defaultTags`: env, owner and cost-center, plus a
 * `service` and `data-classification` default that resources of a service or holding data override with
 * their own tags (`resourceTags`), so every resource carries all five.
 */
export function baseTags(input: BaseTagInput): Record<string, string> {
    return {
        ...input.extra,
        env: input.environment,
        owner: input.owner,
        "cost-center": input.costCenter,
        service: PLATFORM_SERVICE,
        "data-classification": DEFAULT_DATA_CLASSIFICATION,
        "managed-by": "pulumi",
        project: "platform",
    };
}

/** Tags for one resource: the service it belongs to and how sensitive its data is. */
export function resourceTags(service: string, dataClassification: DataClassification, extra: Record<string, string> = {}): Record<string, string> {
    return { ...extra, service, "data-classification": dataClassification };
}

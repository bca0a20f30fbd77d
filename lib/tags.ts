/** Tag sets. Every resource carries env, owner and cost-center (provider default tags) plus service and data-classification where known. */

export type DataClassification = "public" | "internal" | "confidential" | "pii";

export interface BaseTagInput {
    environment: string;
    owner: string;
    costCenter: string;
    extra?: Record<string, string>;
}

/** Tags every AWS resource gets through the provider's `defaultTags`. */
export function baseTags(input: BaseTagInput): Record<string, string> {
    return {
        ...input.extra,
        env: input.environment,
        owner: input.owner,
        "cost-center": input.costCenter,
        "managed-by": "pulumi",
        project: "platform",
    };
}

/** Tags for one resource: the service it belongs to and how sensitive its data is. */
export function resourceTags(service: string, dataClassification: DataClassification, extra: Record<string, string> = {}): Record<string, string> {
    return { ...extra, service, "data-classification": dataClassification };
}

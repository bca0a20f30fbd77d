/**
 * Kubernetes label-selector matching and namespaces, for joining PodDisruptionBudgets and HPAs to the
 * workloads they govern.
 */

export interface LabelSelector {
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/**
 * Whether `selector` selects pods labelled `labels` (policy/v1 semantics: an empty selector selects
 * every pod in the namespace, an absent one selects none).
 */
export function selects(selector: LabelSelector | undefined | null, labels: Record<string, string>): boolean {
    if (selector === undefined || selector === null) {
        return false;
    }
    const matchLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
    const matchExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
        switch (operator) {
            case "In":
                return key in labels && values.includes(labels[key]);
            case "NotIn":
                return !(key in labels) || !values.includes(labels[key]);
            case "Exists":
                return key in labels;
            case "DoesNotExist":
                return !(key in labels);
            default:
                return false;
        }
    });
    return matchLabels && matchExpressions;
}

/** A namespaced object's namespace; unset means the provider's default namespace, taken as "default". */
export function namespaceOf(props: Record<string, any>): string {
    const namespace = props.metadata?.namespace;
    return typeof namespace === "string" && namespace.length > 0 ? namespace : "default";
}

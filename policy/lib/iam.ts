/** Reading IAM-style policy documents (KMS key policies, S3 bucket policies) as given to a resource. */

/** A policy input as a document: JSON text is parsed, an object is taken as is. Throws on text that is not JSON. */
export function parsePolicyDocument(policy: unknown): any {
    return typeof policy === "string" ? JSON.parse(policy) : policy;
}

/** The document's statements; `Statement` may be one object or a list. */
export function statementsOf(document: any): any[] {
    const statement = document?.Statement;
    if (statement === undefined || statement === null) {
        return [];
    }
    return Array.isArray(statement) ? statement : [statement];
}

/** A policy field that may be a single value or a list (Action, Resource, condition values), as a list. */
export function asList(value: unknown): unknown[] {
    if (value === undefined || value === null) {
        return [];
    }
    return Array.isArray(value) ? value : [value];
}

/** True for `"*"`, `{ AWS: "*" }` or `{ AWS: [..., "*"] }`: a principal that is anyone. */
export function isWildcardPrincipal(principal: unknown): boolean {
    if (principal === "*") {
        return true;
    }
    if (principal !== null && typeof principal === "object") {
        return asList((principal as Record<string, unknown>).AWS).includes("*");
    }
    return false;
}

/** True when the statement has at least one condition operator. */
export function hasCondition(statement: any): boolean {
    const condition = statement?.Condition;
    return condition !== null && typeof condition === "object" && Object.keys(condition).length > 0;
}

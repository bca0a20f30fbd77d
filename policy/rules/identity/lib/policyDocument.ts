/**
 * Reading IAM policy documents as a Role receives them: a JSON string (`JSON.stringify(...)`,
 * `aws.iam.getPolicyDocument().json`) or a `PolicyDocument` object input. Single values and lists are
 * both legal for Statement, Principal entries and condition values, so everything is read as lists.
 */
import { found } from "../../../lib/validate";

export interface PolicyStatement {
    Sid?: string;
    Effect?: string;
    Principal?: unknown;
    NotPrincipal?: unknown;
    Action?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
}

export type ParsedPolicyDocument = { statements: PolicyStatement[]; error?: undefined } | { statements?: undefined; error: string };

/** The document's statements, or why it could not be read. */
export function parsePolicyDocument(document: unknown): ParsedPolicyDocument {
    let value = document;
    if (typeof value === "string") {
        try {
            value = JSON.parse(value);
        } catch (e) {
            return { error: `not valid JSON (${(e as Error).message})` };
        }
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return { error: "not a policy document object" };
    }
    const statement = (value as Record<string, unknown>).Statement;
    if (statement === undefined) {
        return { error: "no Statement" };
    }
    return { statements: (Array.isArray(statement) ? statement : [statement]) as PolicyStatement[] };
}

/**
 * Calls `check` for each Allow statement of a role's trust policy (with its index); an unreadable document
 * is itself a violation, since nothing in it can be verified.
 */
export function forEachAllowedTrustStatement(
    assumeRolePolicy: unknown,
    reportViolation: (message: string) => void,
    check: (statement: PolicyStatement, index: number) => void,
): void {
    const document = parsePolicyDocument(assumeRolePolicy);
    if (document.error !== undefined) {
        reportViolation(`assumeRolePolicy must be a readable policy document: ${document.error} (found: ${found(assumeRolePolicy)})`);
        return;
    }
    document.statements.forEach((statement, index) => {
        if (statement.Effect === "Allow") {
            check(statement, index);
        }
    });
}

/** A string-or-list field as a list of strings. */
export function asList(value: unknown): string[] {
    if (value === undefined || value === null) {
        return [];
    }
    return (Array.isArray(value) ? value : [value]).map(String);
}

/** The values of one principal kind (`AWS`, `Federated`, `Service`); a bare `"*"` principal is everyone, i.e. AWS `*`. */
export function principalsOf(principal: unknown, kind: "AWS" | "Federated" | "Service"): string[] {
    if (principal === "*") {
        return kind === "AWS" ? ["*"] : [];
    }
    if (principal === null || typeof principal !== "object") {
        return [];
    }
    return asList((principal as Record<string, unknown>)[kind]);
}

/** True for `Principal: "*"` and `Principal: { AWS: "*" }` (or a list containing `*`): anyone, in any account. */
export function isEveryone(principal: unknown): boolean {
    return principalsOf(principal, "AWS").includes("*");
}

/** The issuer of an OIDC provider ARN (`arn:aws:iam::<account>:oidc-provider/<issuer>`), or undefined. */
export function oidcIssuerOf(federated: string): string | undefined {
    const marker = ":oidc-provider/";
    const at = federated.indexOf(marker);
    return at === -1 ? undefined : federated.slice(at + marker.length);
}

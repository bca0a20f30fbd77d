/**
 * iam-role-oidc-trust-scoped: a role trusted by an OIDC provider (EKS IRSA, GitHub Actions) must say
 * which tokens may assume it. Without a `<issuer>:sub` condition any service account in the cluster, or
 * any repository on GitHub, can assume it; without `<issuer>:aud` tokens minted for other audiences work.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found } from "../../lib/validate";
import { asList, forEachAllowedTrustStatement, oidcIssuerOf, PolicyStatement, principalsOf } from "./lib/policyDocument";

/** Condition operators that pin a claim to given values. */
const PINNING_OPERATORS = ["stringequals", "stringlike"];

/** Values the statement pins `<issuer>:<claim>` to with StringEquals/StringLike (condition keys are case-insensitive). */
function pinnedValues(statement: PolicyStatement, issuer: string, claim: "sub" | "aud"): string[] | undefined {
    const key = `${issuer}:${claim}`.toLowerCase();
    let values: string[] | undefined;
    for (const [operator, conditions] of Object.entries(statement.Condition ?? {})) {
        if (!PINNING_OPERATORS.includes(operator.toLowerCase()) || conditions === null || typeof conditions !== "object") {
            continue;
        }
        for (const [conditionKey, value] of Object.entries(conditions)) {
            if (conditionKey.toLowerCase() === key) {
                values = [...(values ?? []), ...asList(value)];
            }
        }
    }
    return values;
}

/** A value made only of wildcards matches every token. */
function isBareWildcard(value: string): boolean {
    return /^[*?]+$/.test(value.trim());
}

export const iamRoleOidcTrustScoped: PlatformResourcePolicy = {
    name: "iam-role-oidc-trust-scoped",
    description:
        "IAM roles trusted by an OIDC provider (IRSA, GitHub Actions) must pin both <issuer>:sub and <issuer>:aud with StringEquals or StringLike, and the sub must not be a bare wildcard.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "identity",
    anchors: ["CKV_AWS_393"],
    remediationSteps:
        'Add to each Federated OIDC statement `Condition: { StringEquals: { "<issuer>:sub": "system:serviceaccount:<ns>:<sa>" (or "repo:<org>/<repo>:ref:refs/heads/main"), "<issuer>:aud": "sts.amazonaws.com" } }`.',
    validateResource: validateResourceOfType(aws.iam.Role, (role, _args, reportViolation) => {
        forEachAllowedTrustStatement(role.assumeRolePolicy, reportViolation, (statement, i) => {
            for (const federated of principalsOf(statement.Principal, "Federated")) {
                const issuer = oidcIssuerOf(federated);
                if (issuer === undefined) {
                    continue; // SAML or Cognito: not an OIDC provider
                }
                for (const claim of ["sub", "aud"] as const) {
                    const values = pinnedValues(statement, issuer, claim);
                    const where = `assumeRolePolicy Statement[${i}] (Federated ${issuer})`;
                    if (values === undefined || values.length === 0) {
                        reportViolation(`${where} must pin "${issuer}:${claim}" with StringEquals or StringLike (found: Condition ${found(statement.Condition)})`);
                    } else if (values.some(isBareWildcard)) {
                        reportViolation(`${where} must not accept any "${issuer}:${claim}": a bare wildcard matches every token (found: ${found(values)})`);
                    }
                }
            }
        });
    }),
};

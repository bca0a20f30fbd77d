/**
 * iam-role-github-oidc-trust-pinned: a role GitHub Actions assumes must name the exact repository and the
 * GitHub environment (or branch, tag, or the repository's pull requests) whose jobs may use it. GitHub signs
 * tokens for every repository on github.com, so `repo:org/*` or a `StringLike` pattern lets other repositories,
 * forks' branches or unprotected environments in; a missing `aud` accepts tokens minted for other audiences.
 * Stricter than iam-role-oidc-trust-scoped, which allows StringLike for IRSA.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found } from "../../lib/validate";
import { asList, forEachAllowedTrustStatement, oidcIssuerOf, PolicyStatement, principalsOf } from "./lib/policyDocument";

export const GITHUB_ISSUER = "token.actions.githubusercontent.com";

/**
 * The subjects GitHub's default OIDC claim emits that name one repository and one place in it: a GitHub
 * environment, a branch or tag ref, or the repository's pull requests. No wildcard character.
 */
const PINNED_SUBJECT = /^repo:[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+:(environment:[A-Za-z0-9_.-]+|ref:refs\/(heads|tags)\/[^*?\s]+|pull_request)$/;

/** Values of `<issuer>:<claim>` under operator `operator` (keys and operators compare case-insensitively). */
function claimValues(statement: PolicyStatement, operatorName: (op: string) => boolean, claim: string): string[] | undefined {
    const key = `${GITHUB_ISSUER}:${claim}`.toLowerCase();
    let values: string[] | undefined;
    for (const [operator, conditions] of Object.entries(statement.Condition ?? {})) {
        if (!operatorName(operator.toLowerCase()) || conditions === null || typeof conditions !== "object") {
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

export const iamRoleGithubOidcTrustPinned: PlatformResourcePolicy = {
    name: "iam-role-github-oidc-trust-pinned",
    description:
        "IAM roles trusted by GitHub Actions OIDC must pin token.actions.githubusercontent.com:sub with StringEquals to exact repo:<org>/<repo>:environment:<name> (or :ref:refs/heads|tags/<name>, :pull_request) subjects, and :aud to sts.amazonaws.com.",
    enforcementLevel: "mandatory",
    severity: "critical",
    theme: "identity",
    anchors: ["CKV_AWS_358"],
    remediationSteps:
        'In each statement federated to token.actions.githubusercontent.com use `Condition: { StringEquals: { "token.actions.githubusercontent.com:sub": "repo:<org>/<repo>:environment:<env>", "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } }` (components/delivery/ciIdentities.ts githubTrustPolicy). No StringLike, no ForAnyValue/ForAllValues, no wildcard.',
    validateResource: validateResourceOfType(aws.iam.Role, (role, _args, reportViolation) => {
        forEachAllowedTrustStatement(role.assumeRolePolicy, reportViolation, (statement, i) => {
            if (!principalsOf(statement.Principal, "Federated").some((federated) => oidcIssuerOf(federated) === GITHUB_ISSUER)) {
                return;
            }
            const where = `assumeRolePolicy Statement[${i}] (GitHub Actions)`;
            const loose = claimValues(statement, (op) => op !== "stringequals", "sub");
            if (loose !== undefined) {
                reportViolation(`${where} must pin "${GITHUB_ISSUER}:sub" with plain StringEquals only, not pattern or set operators (found: ${found(statement.Condition)})`);
            }
            const subjects = claimValues(statement, (op) => op === "stringequals", "sub");
            if (subjects === undefined || subjects.length === 0) {
                reportViolation(`${where} must pin "${GITHUB_ISSUER}:sub" with StringEquals (found: Condition ${found(statement.Condition)})`);
            } else {
                for (const subject of subjects.filter((s) => !PINNED_SUBJECT.test(s))) {
                    reportViolation(
                        `${where}: sub ${found(subject)} must name one repository and its environment, branch, tag or pull requests, without wildcards (expected e.g. "repo:org/service:environment:prod")`,
                    );
                }
            }
            const audiences = claimValues(statement, (op) => op === "stringequals", "aud");
            if (audiences === undefined || audiences.length === 0) {
                reportViolation(`${where} must pin "${GITHUB_ISSUER}:aud" to "sts.amazonaws.com" with StringEquals (found: Condition ${found(statement.Condition)})`);
            } else if (audiences.some((a) => a !== "sts.amazonaws.com")) {
                reportViolation(`${where}: aud must be exactly "sts.amazonaws.com" (found: ${found(audiences)})`);
            }
        });
    }),
};

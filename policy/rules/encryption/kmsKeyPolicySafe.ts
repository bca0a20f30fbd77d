import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { hasCondition, isWildcardPrincipal, parsePolicyDocument, statementsOf } from "../../lib/iam";
import { found, mustBe } from "../../lib/validate";

/**
 * A key policy is the only gate to a KMS key: an unconditioned `Allow` to everyone publishes the key,
 * and bypassing the lockout check can leave a key no one can administer.
 */
export const kmsKeyPolicySafe: PlatformResourcePolicy = {
    name: "kms-key-policy-safe",
    description: "KMS key policies must not Allow Principal \"*\" (or AWS \"*\") without a Condition, and keys must not set bypassPolicyLockoutSafetyCheck.",
    enforcementLevel: "mandatory",
    severity: "critical",
    theme: "encryption",
    anchors: ["CKV_AWS_33", "CKV_AWS_227", "CKV2_AWS_64", "FSBP KMS.5", "aws-kms-key-disallow-bypass-policy-lockout-safety-check"],
    remediationSteps: "Name principals explicitly in the key policy, or scope wildcard statements with conditions such as kms:CallerAccount and kms:ViaService; remove bypassPolicyLockoutSafetyCheck.",
    validateResource: validateResourceOfType(aws.kms.Key, (key, _args, reportViolation) => {
        if (key.bypassPolicyLockoutSafetyCheck === true) {
            reportViolation(mustBe("bypassPolicyLockoutSafetyCheck", "false or unset", key.bypassPolicyLockoutSafetyCheck));
        }
        const policy = key.policy;
        if (policy === undefined || policy === null || policy === "") {
            return; // The default key policy grants the account root only.
        }
        let document: any;
        try {
            document = parsePolicyDocument(policy);
        } catch {
            reportViolation("policy must be a valid JSON key policy (found: a document that does not parse)");
            return;
        }
        statementsOf(document).forEach((statement: any, i: number) => {
            if (statement?.Effect === "Allow" && isWildcardPrincipal(statement.Principal) && !hasCondition(statement)) {
                const label = statement.Sid ? `"${statement.Sid}"` : `#${i}`;
                reportViolation(`policy statement ${label} must not Allow Principal "*" without a Condition (found: Principal ${found(statement.Principal)} with no Condition)`);
            }
        });
    }),
};

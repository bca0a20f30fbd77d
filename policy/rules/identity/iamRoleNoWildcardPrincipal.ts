/**
 * iam-role-no-wildcard-principal: a role whose trust policy allows `Principal: "*"` (or `AWS: "*"`)
 * can be assumed from any AWS account; `NotPrincipal` with Allow is the same grant, inverted.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found } from "../../lib/validate";
import { forEachAllowedTrustStatement, isEveryone } from "./lib/policyDocument";

export const iamRoleNoWildcardPrincipal: PlatformResourcePolicy = {
    name: "iam-role-no-wildcard-principal",
    description: 'IAM role trust policies must not Allow Principal "*" / {"AWS": "*"}, nor use NotPrincipal with Allow.',
    enforcementLevel: "mandatory",
    severity: "critical",
    theme: "identity",
    anchors: ["CKV_AWS_60"],
    remediationSteps: "Name the trusted principals explicitly: an account or role ARN, a service principal, or an OIDC provider with sub/aud conditions.",
    validateResource: validateResourceOfType(aws.iam.Role, (role, _args, reportViolation) => {
        forEachAllowedTrustStatement(role.assumeRolePolicy, reportViolation, (statement, i) => {
            if (isEveryone(statement.Principal)) {
                reportViolation(`assumeRolePolicy Statement[${i}] must not Allow Principal "*" (found: ${found(statement.Principal)})`);
            }
            if (statement.NotPrincipal !== undefined) {
                reportViolation(`assumeRolePolicy Statement[${i}] must not Allow with NotPrincipal, which trusts everyone else (found: ${found(statement.NotPrincipal)})`);
            }
        });
    }),
};

/**
 * atlas-database-user-no-password: workloads authenticate to Atlas with their AWS IAM role (IRSA),
 * an X.509 certificate or OIDC, so no database password exists to leak, rotate or land in state.
 */
import * as mongodbatlas from "@pulumi/mongodbatlas";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found } from "../../lib/validate";

const PASSWORDLESS = {
    awsIamType: ["ROLE", "USER"],
    x509Type: ["MANAGED", "CUSTOMER"],
    oidcAuthType: ["IDP_GROUP", "USER"],
} as const;

export const atlasDatabaseUserNoPassword: PlatformResourcePolicy = {
    name: "atlas-database-user-no-password",
    description: "MongoDB Atlas database users must authenticate with AWS IAM (awsIamType ROLE/USER), X.509 or OIDC, and carry no password.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "identity",
    anchors: [],
    remediationSteps: 'Create the user on the `$external` database with `awsIamType: "ROLE"` and the workload\'s IRSA role ARN as username (or x509Type/oidcAuthType), and remove `password`.',
    validateResource: validateResourceOfType(mongodbatlas.DatabaseUser, (user, _args, reportViolation) => {
        const method = (Object.keys(PASSWORDLESS) as Array<keyof typeof PASSWORDLESS>).find((key) => (PASSWORDLESS[key] as readonly string[]).includes(user[key] as string));
        if (method === undefined) {
            reportViolation(
                `awsIamType, x509Type or oidcAuthType must select a passwordless method (found: awsIamType ${found(user.awsIamType)}, x509Type ${found(user.x509Type)}, oidcAuthType ${found(user.oidcAuthType)})`,
            );
        }
        for (const secret of ["password", "passwordWo"] as const) {
            if (user[secret] !== undefined) {
                reportViolation(`${secret} must not be set (found: a ${secret})`);
            }
        }
    }),
};

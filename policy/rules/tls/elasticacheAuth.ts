import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { isSet, listOf, isGlobalSecondaryMember } from "../../lib/validate";

/** Without AUTH or RBAC any client that reaches the port can read and flush the cache. */
export const elasticacheAuth: PlatformResourcePolicy = {
    name: "elasticache-auth",
    description: "ElastiCache replication groups must authenticate clients: authToken (or authTokenWo) or RBAC userGroupIds.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "tls",
    anchors: ["CKV_AWS_31", "FSBP ElastiCache.6"],
    remediationSteps: "Set `authToken` from a generated secret (e.g. random.RandomPassword, as a Pulumi secret) or attach an aws.elasticache.UserGroup through `userGroupIds`; both need transit encryption.",
    validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (group, _args, reportViolation) => {
        if (isGlobalSecondaryMember(group)) {
            return; // Inherited from the global datastore\'s primary member (stack-elasticache-global-datastore-secured).
        }
        const hasToken = isSet(group, "authToken") || isSet(group, "authTokenWo");
        const hasUserGroup = isSet(group, "userGroupIds") && listOf(group.userGroupIds).length > 0;
        if (!hasToken && !hasUserGroup) {
            // Never echo authToken: it is a credential.
            reportViolation("authToken or userGroupIds must be set so that clients authenticate (found: neither)");
        }
    }),
};

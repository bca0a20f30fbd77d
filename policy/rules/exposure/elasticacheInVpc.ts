/**
 * elasticache-in-vpc: a replication group must sit in the platform's own subnet group (not the
 * default one) behind explicit security groups, so only the intended clients can reach Redis.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { listOf, mustBe } from "../../lib/validate";

export const elasticacheInVpc: PlatformResourcePolicy = {
    name: "elasticache-in-vpc",
    description: "ElastiCache replication groups must name a non-default subnet group and at least one security group.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "exposure",
    anchors: ["CKV_AWS_323", "FSBP ElastiCache.7"],
    remediationSteps: "Create an aws.elasticache.SubnetGroup over the private data subnets and pass its name as `subnetGroupName`, plus `securityGroupIds` allowing only the clients' groups.",
    validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (group, _args, reportViolation) => {
        const subnetGroup = group.subnetGroupName;
        if (typeof subnetGroup !== "string" || subnetGroup.length === 0 || subnetGroup === "default") {
            reportViolation(mustBe("subnetGroupName", "a dedicated (non-default) subnet group", subnetGroup));
        }
        if (listOf(group.securityGroupIds).length === 0) {
            reportViolation(mustBe("securityGroupIds", "a non-empty list", group.securityGroupIds));
        }
    }),
};

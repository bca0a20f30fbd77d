/**
 * ec2-default-security-group-empty: adopting a VPC's default security group through
 * `aws.ec2.DefaultSecurityGroup` with no rules strips AWS's allow-all rules; declaring rules on it
 * re-opens the group every resource falls back to when none is given.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, listOf } from "../../lib/validate";

export const ec2DefaultSecurityGroupEmpty: PlatformResourcePolicy = {
    name: "ec2-default-security-group-empty",
    description: "A VPC's default security group must have no ingress and no egress rules.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "exposure",
    anchors: ["CKV2_AWS_12", "FSBP EC2.2"],
    remediationSteps: "Declare `aws.ec2.DefaultSecurityGroup` for each VPC without `ingress` or `egress`, and give workloads their own security groups.",
    validateResource: validateResourceOfType(aws.ec2.DefaultSecurityGroup, (group, _args, reportViolation) => {
        for (const property of ["ingress", "egress"] as const) {
            const rules = listOf(group[property]);
            if (rules.length > 0) {
                reportViolation(`${property} must be empty on the default security group (found: ${found(rules)})`);
            }
        }
    }),
};

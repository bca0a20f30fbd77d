/**
 * stack-vpc-flow-log: every VPC records its traffic, so incident response can answer who talked to
 * what. A flow log counts when its `vpcId` comes from the VPC (propertyDependencies), or equals its id.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { companionsOf } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { describeResource } from "./lib/describe";

const VPC = "aws:ec2/vpc:Vpc";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";

const validateStack: StackValidationPolicy["validateStack"] = (args, reportViolation) => {
    for (const vpc of args.resources.filter((r) => r.type === VPC)) {
        if (companionsOf(vpc, args.resources, [FLOW_LOG], "vpcId", "id").length === 0) {
            reportViolation(`${describeResource(vpc)} must have a ${FLOW_LOG} whose vpcId is this VPC (found: none)`, vpc.urn);
        }
    }
};

export const stackVpcFlowLog: PlatformStackPolicy = {
    name: "stack-vpc-flow-log",
    description: "Every VPC must have an aws.ec2.FlowLog whose vpcId is that VPC.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "logging",
    anchors: ["CKV2_AWS_11", "AVD-AWS-0178", "FSBP EC2.6"],
    remediationSteps: 'Declare `new aws.ec2.FlowLog(..., { vpcId: vpc.id, trafficType: "ALL", logDestination, ... })` for each VPC.',
    validateStack,
};

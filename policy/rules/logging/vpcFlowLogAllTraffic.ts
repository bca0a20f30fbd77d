import * as aws from "@pulumi/aws";
import { companionsOf } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

const FLOW_LOG = "aws:ec2/flowLog:FlowLog";

/** Flow logs are the network audit trail; ACCEPT-only or REJECT-only logs miss half of an incident. */
export const vpcFlowLogAllTraffic: PlatformStackPolicy = {
    name: "vpc-flow-log-all-traffic",
    description: "Every VPC must have a flow log (aws:ec2/flowLog with vpcId) capturing all traffic (trafficType \"ALL\"), and no flow log may capture less.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "logging",
    anchors: ["CKV2_AWS_11", "AVD-AWS-0178", "FSBP EC2.6"],
    remediationSteps: "Add an aws.ec2.FlowLog with `vpcId: vpc.id`, `trafficType: \"ALL\"` and a KMS-encrypted, retention-limited CloudWatch log group or S3 destination.",
    validateStack: (args, reportViolation) => {
        const flowLogs = args.resources.filter((r) => r.isType(aws.ec2.FlowLog));
        for (const vpc of args.resources.filter((r) => r.isType(aws.ec2.Vpc))) {
            if (companionsOf(vpc, flowLogs, [FLOW_LOG], "vpcId", "id").length === 0) {
                reportViolation(`vpc ${vpc.name} has no flow log: a FlowLog with vpcId and trafficType "ALL" is required (found: none)`, vpc.urn);
            }
        }
        for (const flowLog of flowLogs) {
            const trafficType = flowLog.props.trafficType;
            if (trafficType !== "ALL") {
                reportViolation(mustBe("trafficType", "\"ALL\"", trafficType), flowLog.urn);
            }
        }
    },
};

import * as aws from "@pulumi/aws";
import { strict as assert } from "assert";
import { vpcFlowLogAllTraffic as policy } from "../../../rules/logging/vpcFlowLogAllTraffic";
import { assertNoStackViolation, assertStackViolation, stackArgs, stackViolationsOf, testUrn, UNKNOWN } from "../../helpers";

function vpcWithFlowLog(trafficType: unknown) {
    return stackArgs([
        { type: aws.ec2.Vpc, name: "main", props: { cidrBlock: "10.0.0.0/16" } },
        { type: aws.ec2.FlowLog, name: "main-flow", props: { vpcId: UNKNOWN, trafficType, logDestination: UNKNOWN }, propertyDependencies: { vpcId: ["main"] } },
    ]);
}

describe("vpc-flow-log-all-traffic", () => {
    it("passes a VPC with an ALL flow log joined by dependency", async () => {
        await assertNoStackViolation(policy, vpcWithFlowLog("ALL"));
    });

    it("fails a VPC without a flow log, on the VPC", async () => {
        const args = stackArgs([{ type: aws.ec2.Vpc, name: "main", props: { cidrBlock: "10.0.0.0/16" } }]);
        await assertStackViolation(policy, args, /vpc main has no flow log: a FlowLog with vpcId and trafficType "ALL" is required \(found: none\)/);
        assert.deepEqual((await stackViolationsOf(policy, args)).map((v) => v.urn), [testUrn("aws:ec2/vpc:Vpc", "main")]);
    });

    it("fails a flow log on a subnet only (not the VPC)", async () => {
        await assertStackViolation(
            policy,
            stackArgs([
                { type: aws.ec2.Vpc, name: "main", props: {} },
                { type: aws.ec2.Subnet, name: "a", props: { vpcId: UNKNOWN }, propertyDependencies: { vpcId: ["main"] } },
                { type: aws.ec2.FlowLog, name: "subnet-flow", props: { subnetId: UNKNOWN, trafficType: "ALL" }, propertyDependencies: { subnetId: ["a"] } },
            ]),
            /vpc main has no flow log/,
        );
    });

    it("fails trafficType REJECT", async () => {
        await assertStackViolation(policy, vpcWithFlowLog("REJECT"), /trafficType must be "ALL" \(found: "REJECT"\)/);
    });

    it("fails trafficType left unset", async () => {
        await assertStackViolation(policy, vpcWithFlowLog(undefined), /trafficType must be "ALL" \(found: undefined\)/);
    });
});

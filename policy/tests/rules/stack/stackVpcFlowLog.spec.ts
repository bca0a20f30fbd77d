import { stackVpcFlowLog } from "../../../rules/stack/stackVpcFlowLog";
import { assertNoStackViolation, assertStackViolation, stackArgs } from "../../helpers";

const VPC = "aws:ec2/vpc:Vpc";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";

describe("stack-vpc-flow-log", () => {
    it("passes a VPC with a flow log depending on it", async () => {
        const args = stackArgs([
            { type: VPC, name: "main", props: { cidrBlock: "10.0.0.0/16" } },
            { type: FLOW_LOG, name: "main-flow", props: { vpcId: "unknown", trafficType: "ALL" }, propertyDependencies: { vpcId: ["main"] } },
        ]);
        await assertNoStackViolation(stackVpcFlowLog, args);
    });

    it("passes a flow log naming an existing VPC id", async () => {
        const args = stackArgs([
            { type: VPC, name: "main", props: { id: "vpc-123" } },
            { type: FLOW_LOG, name: "main-flow", props: { vpcId: "vpc-123", trafficType: "ALL" } },
        ]);
        await assertNoStackViolation(stackVpcFlowLog, args);
    });

    it("fails a VPC without a flow log", async () => {
        await assertStackViolation(stackVpcFlowLog, stackArgs([{ type: VPC, name: "main", props: {} }]), /^aws:ec2\/vpc:Vpc "main" must have a aws:ec2\/flowLog:FlowLog whose vpcId is this VPC \(found: none\)$/);
    });

    it("fails a VPC whose only flow log belongs to another VPC", async () => {
        const args = stackArgs([
            { type: VPC, name: "main", props: {} },
            { type: VPC, name: "other", props: {} },
            { type: FLOW_LOG, name: "other-flow", props: { vpcId: "unknown" }, propertyDependencies: { vpcId: ["other"] } },
        ]);
        await assertStackViolation(stackVpcFlowLog, args, /"main" must have a aws:ec2\/flowLog:FlowLog/);
    });
});

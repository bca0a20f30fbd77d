import * as aws from "@pulumi/aws";
import { eksManagedNodeGroupLaunchTemplate as policy } from "../../../rules/encryption/eksManagedNodeGroupLaunchTemplate";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN } from "../../helpers";

const COMPONENT = "eks:index:ManagedNodeGroup";

function nodeGroup(launchTemplate: unknown) {
    return { clusterName: "platform", nodeRoleArn: "arn:aws:iam::111122223333:role/nodes", subnetIds: ["subnet-a"], launchTemplate };
}

describe("eks-managed-node-group-launch-template", () => {
    it("passes an aws:eks/nodeGroup with a launch template id unknown during preview", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.eks.NodeGroup, nodeGroup({ id: UNKNOWN, version: UNKNOWN })));
    });

    it("passes an eks:index:ManagedNodeGroup with a launch template name", async () => {
        await assertNoResourceViolation(policy, resourceArgs(COMPONENT, nodeGroup({ name: "platform-nodes", version: "1" })));
    });

    it("fails an aws:eks/nodeGroup with launchTemplate left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.eks.NodeGroup, nodeGroup(undefined)), /launchTemplate must name a launch template by id or name \(found: undefined\)/);
    });

    it("fails an eks:index:ManagedNodeGroup with launchTemplate left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(COMPONENT, nodeGroup(undefined)), /launchTemplate must name a launch template by id or name \(found: undefined\)/);
    });

    it("fails a launchTemplate with neither id nor name, showing unknowns without throwing", async () => {
        await assertResourceViolation(policy, resourceArgs(COMPONENT, nodeGroup({ version: UNKNOWN })), /launchTemplate must name a launch template by id or name \(found: \{"version":"<unknown>"\}\)/);
    });
});

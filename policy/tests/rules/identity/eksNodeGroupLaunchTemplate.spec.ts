import * as aws from "@pulumi/aws";
import { eksNodeGroupLaunchTemplate } from "../../../rules/identity/eksNodeGroupLaunchTemplate";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("eks-node-group-launch-template", () => {
    const nodeGroup = (launchTemplate: Record<string, any> | undefined) =>
        resourceArgs(aws.eks.NodeGroup, { clusterName: "platform", nodeRoleArn: "arn:aws:iam::111122223333:role/node", subnetIds: ["subnet-a"], launchTemplate });

    it("passes a launch template by id", async () => {
        await assertNoResourceViolation(eksNodeGroupLaunchTemplate, nodeGroup({ id: "lt-123", version: "3" }));
    });

    it("passes a launch template by name", async () => {
        await assertNoResourceViolation(eksNodeGroupLaunchTemplate, nodeGroup({ name: "nodes", version: "3" }));
    });

    it("fails when launchTemplate is left unset", async () => {
        await assertResourceViolation(eksNodeGroupLaunchTemplate, nodeGroup(undefined), /launchTemplate must name a launch template by id or name \(found: undefined\)/);
    });

    it("fails a launchTemplate with only a version", async () => {
        await assertResourceViolation(eksNodeGroupLaunchTemplate, nodeGroup({ version: "3" }), /\(found: \{"version":"3"\}\)/);
    });
});

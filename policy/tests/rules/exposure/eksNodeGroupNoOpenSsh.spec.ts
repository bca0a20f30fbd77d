import * as aws from "@pulumi/aws";
import { eksNodeGroupNoOpenSsh } from "../../../rules/exposure/eksNodeGroupNoOpenSsh";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("eks-node-group-no-open-ssh", () => {
    const nodeGroup = (props: Record<string, any>) =>
        resourceArgs(aws.eks.NodeGroup, { clusterName: "platform", nodeRoleArn: "arn:aws:iam::111122223333:role/node", subnetIds: ["subnet-a"], scalingConfig: { desiredSize: 2, maxSize: 4, minSize: 2 }, ...props });

    it("passes a node group without remote access", async () => {
        await assertNoResourceViolation(eksNodeGroupNoOpenSsh, nodeGroup({}));
        await assertNoResourceViolation(eksNodeGroupNoOpenSsh, nodeGroup({ remoteAccess: null }));
    });

    it("passes SSH restricted to a source security group", async () => {
        await assertNoResourceViolation(eksNodeGroupNoOpenSsh, nodeGroup({ remoteAccess: { ec2SshKey: "ops", sourceSecurityGroupIds: ["sg-bastion"] } }));
    });

    it("fails SSH with sourceSecurityGroupIds left unset", async () => {
        await assertResourceViolation(
            eksNodeGroupNoOpenSsh,
            nodeGroup({ remoteAccess: { ec2SshKey: "ops" } }),
            /remoteAccess\.sourceSecurityGroupIds must be non-empty .*\(found: undefined\)/,
        );
    });

    it("fails an empty sourceSecurityGroupIds list", async () => {
        await assertResourceViolation(eksNodeGroupNoOpenSsh, nodeGroup({ remoteAccess: { ec2SshKey: "ops", sourceSecurityGroupIds: [] } }), /\(found: \[\]\)/);
    });
});

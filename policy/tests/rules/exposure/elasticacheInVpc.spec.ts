import * as aws from "@pulumi/aws";
import { elasticacheInVpc } from "../../../rules/exposure/elasticacheInVpc";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("elasticache-in-vpc", () => {
    const group = (props: Record<string, any>) =>
        resourceArgs(aws.elasticache.ReplicationGroup, { description: "cache", subnetGroupName: "platform-cache", securityGroupIds: ["sg-cache"], ...props });

    it("passes a group in a dedicated subnet group with security groups", async () => {
        await assertNoResourceViolation(elasticacheInVpc, group({}));
    });

    it("fails when subnetGroupName is left unset", async () => {
        await assertResourceViolation(elasticacheInVpc, group({ subnetGroupName: undefined }), /subnetGroupName must be a dedicated \(non-default\) subnet group \(found: undefined\)/);
    });

    it("fails the default subnet group", async () => {
        await assertResourceViolation(elasticacheInVpc, group({ subnetGroupName: "default" }), /subnetGroupName must be .* \(found: "default"\)/);
    });

    it("fails when securityGroupIds is left unset", async () => {
        await assertResourceViolation(elasticacheInVpc, group({ securityGroupIds: undefined }), /securityGroupIds must be a non-empty list \(found: undefined\)/);
    });

    it("fails an empty securityGroupIds list", async () => {
        await assertResourceViolation(elasticacheInVpc, group({ securityGroupIds: [] }), /securityGroupIds must be a non-empty list \(found: \[\]\)/);
    });
});

import * as aws from "@pulumi/aws";
import { ec2DefaultSecurityGroupEmpty } from "../../../rules/exposure/ec2DefaultSecurityGroupEmpty";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("ec2-default-security-group-empty", () => {
    it("passes a default security group with no rules", async () => {
        await assertNoResourceViolation(ec2DefaultSecurityGroupEmpty, resourceArgs(aws.ec2.DefaultSecurityGroup, { vpcId: "vpc-1" }));
    });

    it("passes explicitly empty rule lists", async () => {
        await assertNoResourceViolation(ec2DefaultSecurityGroupEmpty, resourceArgs(aws.ec2.DefaultSecurityGroup, { vpcId: "vpc-1", ingress: [], egress: [] }));
    });

    it("fails ingress rules", async () => {
        const args = resourceArgs(aws.ec2.DefaultSecurityGroup, { vpcId: "vpc-1", ingress: [{ protocol: "-1", self: true, fromPort: 0, toPort: 0 }] });
        await assertResourceViolation(ec2DefaultSecurityGroupEmpty, args, /ingress must be empty on the default security group \(found: \[\{"protocol":"-1"/);
    });

    it("fails egress rules", async () => {
        const args = resourceArgs(aws.ec2.DefaultSecurityGroup, { vpcId: "vpc-1", egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
        await assertResourceViolation(ec2DefaultSecurityGroupEmpty, args, /egress must be empty on the default security group/);
    });
});

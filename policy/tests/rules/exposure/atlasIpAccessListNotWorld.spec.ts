import * as mongodbatlas from "@pulumi/mongodbatlas";
import { atlasIpAccessListNotWorld } from "../../../rules/exposure/atlasIpAccessListNotWorld";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("atlas-ip-access-list-not-world", () => {
    const entry = (props: Record<string, any>) => resourceArgs(mongodbatlas.ProjectIpAccessList, { projectId: "p1", ...props });

    it("passes a NAT egress CIDR", async () => {
        await assertNoResourceViolation(atlasIpAccessListNotWorld, entry({ cidrBlock: "203.0.113.10/32" }));
    });

    it("passes a single address", async () => {
        await assertNoResourceViolation(atlasIpAccessListNotWorld, entry({ ipAddress: "203.0.113.10" }));
    });

    it("passes an AWS security group entry", async () => {
        await assertNoResourceViolation(atlasIpAccessListNotWorld, entry({ awsSecurityGroup: "sg-123" }));
    });

    it("fails cidrBlock 0.0.0.0/0", async () => {
        await assertResourceViolation(atlasIpAccessListNotWorld, entry({ cidrBlock: "0.0.0.0/0" }), /cidrBlock must not admit the whole internet \(found: "0\.0\.0\.0\/0"\)/);
    });

    it("fails cidrBlock ::/0", async () => {
        await assertResourceViolation(atlasIpAccessListNotWorld, entry({ cidrBlock: "::/0" }), /cidrBlock must not admit the whole internet \(found: "::\/0"\)/);
    });

    it("fails ipAddress 0.0.0.0", async () => {
        await assertResourceViolation(atlasIpAccessListNotWorld, entry({ ipAddress: "0.0.0.0" }), /ipAddress must not admit the whole internet \(found: "0\.0\.0\.0"\)/);
    });
    it("fails ipAddress :: and a padded 0.0.0.0", async () => {
        await assertResourceViolation(atlasIpAccessListNotWorld, entry({ ipAddress: "::" }), /ipAddress must not admit the whole internet \(found: "::"\)/);
        await assertResourceViolation(atlasIpAccessListNotWorld, entry({ ipAddress: " 0.0.0.0 " }), /ipAddress must not admit the whole internet/);
    });
});

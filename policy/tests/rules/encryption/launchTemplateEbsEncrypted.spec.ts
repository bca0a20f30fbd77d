import * as aws from "@pulumi/aws";
import { launchTemplateEbsEncrypted as policy } from "../../../rules/encryption/launchTemplateEbsEncrypted";
import { compliantLaunchTemplate } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const LT = aws.ec2.LaunchTemplate;

function withMappings(blockDeviceMappings: unknown) {
    return { ...compliantLaunchTemplate(), blockDeviceMappings };
}

describe("launch-template-ebs-encrypted", () => {
    it("passes an encrypted root volume", async () => {
        await assertNoResourceViolation(policy, resourceArgs(LT, compliantLaunchTemplate()));
    });

    it("ignores instance-store mappings next to an encrypted EBS volume", async () => {
        await assertNoResourceViolation(policy, resourceArgs(LT, withMappings([{ deviceName: "/dev/sdb", virtualName: "ephemeral0" }, { deviceName: "/dev/xvda", ebs: { encrypted: "true" } }])));
    });

    it("fails ebs.encrypted \"false\"", async () => {
        await assertResourceViolation(policy, resourceArgs(LT, withMappings([{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }])), /blockDeviceMappings\[0\]\.ebs\.encrypted must be "true" \(found: "false"\)/);
    });

    it("fails ebs.encrypted left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(LT, withMappings([{ deviceName: "/dev/xvda", ebs: { volumeSize: 50 } }])), /blockDeviceMappings\[0\]\.ebs\.encrypted must be "true" \(found: undefined\)/);
    });

    it("fails blockDeviceMappings left unset (the AMI's defaults)", async () => {
        await assertResourceViolation(policy, resourceArgs(LT, withMappings(undefined)), /blockDeviceMappings must map the root volume with ebs\.encrypted "true" \(found: undefined\)/);
    });

    it("fails mappings without any EBS volume", async () => {
        await assertResourceViolation(policy, resourceArgs(LT, withMappings([{ deviceName: "/dev/sdb", virtualName: "ephemeral0" }])), /blockDeviceMappings must map the root volume/);
    });
});

import * as aws from "@pulumi/aws";
import { ebsVolumeEncrypted as policy } from "../../../rules/encryption/ebsVolumeEncrypted";
import { KEY_ARN } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const volume = { availabilityZone: "eu-west-1a", size: 20, type: "gp3", encrypted: true, kmsKeyId: KEY_ARN };

describe("ebs-volume-encrypted", () => {
    it("passes an encrypted volume", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.ebs.Volume, volume));
    });

    it("fails encrypted false", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.ebs.Volume, { ...volume, encrypted: false }), /encrypted must be true \(found: false\)/);
    });

    it("fails encrypted left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.ebs.Volume, { ...volume, encrypted: undefined }), /encrypted must be true \(found: undefined\)/);
    });
});

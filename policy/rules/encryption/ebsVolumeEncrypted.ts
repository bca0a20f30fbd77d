import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

/** Volume encryption is fixed at creation; unset means "whatever the account default is". */
export const ebsVolumeEncrypted: PlatformResourcePolicy = {
    name: "ebs-volume-encrypted",
    description: "EBS volumes must be encrypted (encrypted = true), independently of the account's default-encryption setting.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "encryption",
    anchors: ["CKV_AWS_3", "AVD-AWS-0026", "FSBP EC2.3", "aws-ebs-volume-disallow-unencrypted-volume"],
    remediationSteps: "Set `encrypted: true` and `kmsKeyId: key.arn` on the aws.ebs.Volume; an existing volume must be replaced from an encrypted snapshot copy.",
    validateResource: validateResourceOfType(aws.ebs.Volume, (volume, _args, reportViolation) => {
        if (volume.encrypted !== true) {
            reportViolation(mustBe("encrypted", "true", volume.encrypted));
        }
    }),
};

import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, listOf } from "../../lib/validate";

/**
 * Node volumes hold container images, emptyDir data and logs. A launch template without block device
 * mappings takes the AMI's (unencrypted) defaults, so the root volume must be mapped explicitly.
 */
export const launchTemplateEbsEncrypted: PlatformResourcePolicy = {
    name: "launch-template-ebs-encrypted",
    description: "Launch templates must map their EBS volumes with ebs.encrypted = \"true\"; a template without blockDeviceMappings uses the AMI's unencrypted defaults.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "encryption",
    anchors: ["CKV_AWS_8", "AVD-AWS-0008", "AVD-AWS-0131", "FSBP EC2.181", "aws-ec2-launchtemplate-disallow-unencrypted-block-device"],
    remediationSteps: "Add `blockDeviceMappings: [{ deviceName: \"/dev/xvda\", ebs: { encrypted: \"true\", kmsKeyId: key.arn, volumeType: \"gp3\", volumeSize } }]` to the aws.ec2.LaunchTemplate.",
    validateResource: validateResourceOfType(aws.ec2.LaunchTemplate, (template, _args, reportViolation) => {
        const ebsMappings = listOf(template.blockDeviceMappings).filter((m) => m.ebs !== undefined && m.ebs !== null);
        if (ebsMappings.length === 0) {
            reportViolation(`blockDeviceMappings must map the root volume with ebs.encrypted "true" (found: ${found(template.blockDeviceMappings)})`);
            return;
        }
        listOf(template.blockDeviceMappings).forEach((mapping, i) => {
            if (mapping.ebs === undefined || mapping.ebs === null) {
                return; // Instance-store (virtualName) or suppressed (noDevice) mappings carry no EBS volume.
            }
            // The provider types `encrypted` as a string ("true"/"false").
            const encrypted: unknown = mapping.ebs.encrypted;
            if (encrypted !== "true" && encrypted !== true) {
                reportViolation(`blockDeviceMappings[${i}].ebs.encrypted must be "true" (found: ${found(encrypted)})`);
            }
        });
    }),
};

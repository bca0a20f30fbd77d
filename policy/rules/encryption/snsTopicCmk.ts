import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { knownValue } from "../../lib/sqs";
import { found, isSet } from "../../lib/validate";

/** The AWS-managed SNS key, by alias or alias ARN: its key policy cannot admit CloudWatch or AWS Backup as publishers. */
const AWS_MANAGED_SNS_KEY = /(^|:)alias\/aws\/sns$/;

/**
 * Alarm and DR notifications name the platform's resources and failures: the topic is encrypted at rest with
 * a customer-managed key, which is also the only kind whose policy can let AWS services publish to it.
 */
export const snsTopicCmk: PlatformResourcePolicy = {
    name: "sns-topic-cmk",
    description: "SNS topics must be encrypted with a customer-managed KMS key (kmsMasterKeyId), not left unencrypted nor under the AWS-managed alias/aws/sns.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "encryption",
    anchors: ["CKV_AWS_26", "AVD-AWS-0095", "AVD-AWS-0136", "FSBP SNS.1"],
    remediationSteps: "Set `kmsMasterKeyId: key.arn` (a customer-managed key whose policy admits the publishing services, e.g. the region's backups key) on the aws.sns.Topic.",
    validateResource: validateResourceOfType(aws.sns.Topic, (topic, _args, reportViolation) => {
        if (!isSet(topic, "kmsMasterKeyId")) {
            reportViolation(`kmsMasterKeyId must name a customer-managed KMS key (found: ${found(knownValue(topic, "kmsMasterKeyId"))})`);
            return;
        }
        const key = knownValue(topic, "kmsMasterKeyId");
        if (typeof key === "string" && AWS_MANAGED_SNS_KEY.test(key)) {
            reportViolation(`kmsMasterKeyId must name a customer-managed KMS key, not the AWS-managed key (found: ${found(key)})`);
        }
    }),
};

import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { knownValue } from "../../lib/sqs";
import { found, isSet } from "../../lib/validate";

/** The AWS-managed SQS key, by alias or alias ARN: its key policy cannot be scoped, so it is refused like no key. */
const AWS_MANAGED_SQS_KEY = /(^|:)alias\/aws\/sqs$/;

/**
 * `sqsManagedSseEnabled` encrypts with keys SQS owns (no key policy, no CloudTrail record of use) and
 * `kmsMasterKeyId: "alias/aws/sqs"` with the AWS-managed key: neither lets access be limited to the
 * queue's consumers. Only a customer-managed key does.
 */
export const sqsQueueCmk: PlatformResourcePolicy = {
    name: "sqs-queue-cmk",
    description: "SQS queues must be encrypted with a customer-managed KMS key (kmsMasterKeyId), not SQS-owned keys (sqsManagedSseEnabled) nor the AWS-managed alias/aws/sqs.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "encryption",
    anchors: ["CKV_AWS_27", "AVD-AWS-0096", "AVD-AWS-0135", "FSBP SQS.1", "sqs_queues_server_side_encryption_enabled"],
    remediationSteps: "Set `kmsMasterKeyId: key.arn` (a customer-managed key) on the aws.sqs.Queue and leave `sqsManagedSseEnabled` unset.",
    validateResource: validateResourceOfType(aws.sqs.Queue, (queue, _args, reportViolation) => {
        if (!isSet(queue, "kmsMasterKeyId")) {
            reportViolation(`kmsMasterKeyId must name a customer-managed KMS key (found: ${found(knownValue(queue, "kmsMasterKeyId"))})`);
        } else {
            const key = knownValue(queue, "kmsMasterKeyId");
            if (typeof key === "string" && AWS_MANAGED_SQS_KEY.test(key)) {
                reportViolation(`kmsMasterKeyId must name a customer-managed KMS key, not the AWS-managed key (found: ${found(key)})`);
            }
        }
        if (knownValue(queue, "sqsManagedSseEnabled") === true) {
            reportViolation("sqsManagedSseEnabled must be unset or false: SQS-owned keys cannot be scoped to the queue's consumers (found: true)");
        }
    }),
};

import * as aws from "@pulumi/aws";
import { sqsQueueCmk as policy } from "../../../rules/encryption/sqsQueueCmk";
import { KEY_ARN } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN } from "../../helpers";

const queue = { name: "jobs", kmsMasterKeyId: KEY_ARN, kmsDataKeyReusePeriodSeconds: 300 };

describe("sqs-queue-cmk", () => {
    it("passes a queue under a customer-managed key", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.sqs.Queue, queue));
    });

    it("passes a key not known during preview (a key created in the same update)", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.sqs.Queue, { ...queue, kmsMasterKeyId: UNKNOWN }));
    });

    it("fails kmsMasterKeyId left unset (no encryption, or SQS-owned keys)", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.sqs.Queue, { ...queue, kmsMasterKeyId: undefined }), /kmsMasterKeyId must name a customer-managed KMS key \(found: undefined\)/);
    });

    it("fails the AWS-managed alias/aws/sqs, by alias or alias ARN", async () => {
        for (const key of ["alias/aws/sqs", "arn:aws:kms:eu-west-1:111122223333:alias/aws/sqs"]) {
            await assertResourceViolation(policy, resourceArgs(aws.sqs.Queue, { ...queue, kmsMasterKeyId: key }), /not the AWS-managed key/);
        }
    });

    it("fails SQS-owned keys (sqsManagedSseEnabled), alone or beside a key", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.sqs.Queue, { name: "jobs", sqsManagedSseEnabled: true }), /sqsManagedSseEnabled must be unset or false/);
        await assertResourceViolation(policy, resourceArgs(aws.sqs.Queue, { ...queue, sqsManagedSseEnabled: true }), /sqsManagedSseEnabled must be unset or false/);
    });
});

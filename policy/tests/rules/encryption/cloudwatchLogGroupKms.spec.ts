import * as aws from "@pulumi/aws";
import { cloudwatchLogGroupKms as policy } from "../../../rules/encryption/cloudwatchLogGroupKms";
import { KEY_ARN } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN } from "../../helpers";

const group = { name: "/platform/app", retentionInDays: 90, kmsKeyId: KEY_ARN };

describe("cloudwatch-log-group-kms", () => {
    it("passes a log group with a KMS key", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.cloudwatch.LogGroup, group));
    });

    it("passes a key ARN unknown during preview", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.cloudwatch.LogGroup, { ...group, kmsKeyId: UNKNOWN }));
    });

    it("fails kmsKeyId left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.cloudwatch.LogGroup, { ...group, kmsKeyId: undefined }), /kmsKeyId must name a customer-managed KMS key \(found: undefined\)/);
    });
});

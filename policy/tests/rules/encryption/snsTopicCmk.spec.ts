import * as aws from "@pulumi/aws";
import { snsTopicCmk as policy } from "../../../rules/encryption/snsTopicCmk";
import { KEY_ARN } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN } from "../../helpers";

const topic = { name: "platform-prod-use1-alarms", kmsMasterKeyId: KEY_ARN };

describe("sns-topic-cmk", () => {
    it("passes a topic under a customer-managed key, also one not known during preview", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.sns.Topic, topic));
        await assertNoResourceViolation(policy, resourceArgs(aws.sns.Topic, { ...topic, kmsMasterKeyId: UNKNOWN }));
    });

    it("fails kmsMasterKeyId unset or empty (an unencrypted topic)", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.sns.Topic, { name: "t" }), /kmsMasterKeyId must name a customer-managed KMS key \(found: undefined\)/);
        await assertResourceViolation(policy, resourceArgs(aws.sns.Topic, { ...topic, kmsMasterKeyId: "" }), /kmsMasterKeyId must name a customer-managed KMS key \(found: ""\)/);
    });

    it("fails the AWS-managed alias/aws/sns, by alias or alias ARN, but not a customer alias that merely contains it", async () => {
        for (const key of ["alias/aws/sns", "arn:aws:kms:us-east-1:111122223333:alias/aws/sns"]) {
            await assertResourceViolation(policy, resourceArgs(aws.sns.Topic, { ...topic, kmsMasterKeyId: key }), /not the AWS-managed key/);
        }
        await assertNoResourceViolation(policy, resourceArgs(aws.sns.Topic, { ...topic, kmsMasterKeyId: "alias/platform/aws/sns-backups" }));
    });
});

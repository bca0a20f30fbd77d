import * as aws from "@pulumi/aws";
import { cloudwatchLogGroupRetention as policy } from "../../../rules/logging/cloudwatchLogGroupRetention";
import { KEY_ARN } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const group = { name: "/platform/app", kmsKeyId: KEY_ARN, retentionInDays: 90 };

describe("cloudwatch-log-group-retention", () => {
    it("passes 90 days against the default minimum of 30", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.cloudwatch.LogGroup, group));
    });

    it("passes 0 (explicitly kept forever)", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.cloudwatch.LogGroup, { ...group, retentionInDays: 0 }));
    });

    it("fails retention below the default minimum", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.cloudwatch.LogGroup, { ...group, retentionInDays: 7 }), /retentionInDays must be set to at least 30 \(or 0 to keep forever\) \(found: 7\)/);
    });

    it("fails retention below a configured minimum", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.cloudwatch.LogGroup, group, { config: { minimumDays: 365 } }), /retentionInDays must be set to at least 365 .* \(found: 90\)/);
    });

    it("fails retentionInDays left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.cloudwatch.LogGroup, { ...group, retentionInDays: undefined }), /retentionInDays must be set to at least 30 .* \(found: undefined\)/);
    });

    it("passes exactly the minimum, default or configured", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.cloudwatch.LogGroup, { ...group, retentionInDays: 30 }));
        await assertNoResourceViolation(policy, resourceArgs(aws.cloudwatch.LogGroup, { ...group, retentionInDays: 365 }, { config: { minimumDays: 365 } }));
    });
});

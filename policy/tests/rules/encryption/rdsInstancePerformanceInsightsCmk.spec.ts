import * as aws from "@pulumi/aws";
import { rdsInstancePerformanceInsightsCmk as policy } from "../../../rules/encryption/rdsInstancePerformanceInsightsCmk";
import { compliantRdsInstance } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("rds-instance-performance-insights-cmk", () => {
    it("passes Performance Insights encrypted with a KMS key", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, compliantRdsInstance()));
    });

    it("does not apply while Performance Insights is off", async () => {
        await assertNoResourceViolation(
            policy,
            resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), performanceInsightsEnabled: undefined, performanceInsightsKmsKeyId: undefined }),
        );
    });

    it("fails performanceInsightsKmsKeyId left unset while Performance Insights is on", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), performanceInsightsKmsKeyId: undefined }),
            /performanceInsightsKmsKeyId must name a customer-managed KMS key when performanceInsightsEnabled is true \(found: undefined\)/,
        );
    });
});

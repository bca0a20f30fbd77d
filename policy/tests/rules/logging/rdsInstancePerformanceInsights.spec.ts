import * as aws from "@pulumi/aws";
import { rdsInstancePerformanceInsights as policy } from "../../../rules/logging/rdsInstancePerformanceInsights";
import { compliantRdsInstance } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("rds-instance-performance-insights", () => {
    it("passes performanceInsightsEnabled true", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, compliantRdsInstance()));
    });

    it("fails performanceInsightsEnabled false", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), performanceInsightsEnabled: false }), /performanceInsightsEnabled must be true \(found: false\)/);
    });

    it("fails performanceInsightsEnabled left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), performanceInsightsEnabled: undefined }), /performanceInsightsEnabled must be true \(found: undefined\)/);
    });
});

import * as aws from "@pulumi/aws";
import { rdsInstanceEnhancedMonitoring as policy } from "../../../rules/logging/rdsInstanceEnhancedMonitoring";
import { compliantRdsInstance } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN } from "../../helpers";

describe("rds-instance-enhanced-monitoring", () => {
    it("passes a 60-second interval with a role", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, compliantRdsInstance()));
    });

    it("passes a role ARN unknown during preview", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), monitoringInterval: 15, monitoringRoleArn: UNKNOWN }));
    });

    it("fails monitoringInterval 0 (off)", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), monitoringInterval: 0 }), /monitoringInterval must be one of 1, 5, 10, 15, 30, 60 \(found: 0\)/);
    });

    it("fails an interval AWS does not accept", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), monitoringInterval: 45 }), /monitoringInterval must be one of .* \(found: 45\)/);
    });

    it("fails monitoringInterval left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), monitoringInterval: undefined }), /monitoringInterval must be one of .* \(found: undefined\)/);
    });

    it("fails monitoringRoleArn left unset", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), monitoringRoleArn: undefined }),
            /monitoringRoleArn must name the enhanced-monitoring role when monitoringInterval is set \(found: undefined\)/,
        );
    });
});

import * as aws from "@pulumi/aws";
import { rdsInstanceLogExports as policy } from "../../../rules/logging/rdsInstanceLogExports";
import { compliantRdsInstance } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("rds-instance-log-exports", () => {
    it("passes postgresql and upgrade exports", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, compliantRdsInstance()));
    });

    it("does not apply to other engines", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), engine: "mysql", enabledCloudwatchLogsExports: undefined }));
    });

    it("fails without the upgrade log", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), enabledCloudwatchLogsExports: ["postgresql"] }),
            /enabledCloudwatchLogsExports must include "postgresql" and "upgrade" \(found: \["postgresql"\]; missing: upgrade\)/,
        );
    });

    it("fails enabledCloudwatchLogsExports left unset", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), enabledCloudwatchLogsExports: undefined }),
            /\(found: undefined; missing: postgresql, upgrade\)/,
        );
    });

    it("checks a replica whose engine is inherited", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), engine: undefined, enabledCloudwatchLogsExports: [] }), /missing: postgresql, upgrade/);
    });
});

import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, listOf } from "../../lib/validate";

const POSTGRES_LOGS = ["postgresql", "upgrade"];

/** Without exports the PostgreSQL log lives only on the instance, rotated away within days. */
export const rdsInstanceLogExports: PlatformResourcePolicy = {
    name: "rds-instance-log-exports",
    description: "PostgreSQL RDS instances must export the postgresql and upgrade logs to CloudWatch (enabledCloudwatchLogsExports).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "logging",
    anchors: ["CKV_AWS_129", "FSBP RDS.9", "FSBP RDS.36"],
    remediationSteps: "Set `enabledCloudwatchLogsExports: [\"postgresql\", \"upgrade\"]` on the aws.rds.Instance.",
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, _args, reportViolation) => {
        // Replicas may leave engine unset (inherited); everything this platform runs is PostgreSQL.
        const engine = instance.engine;
        if (typeof engine === "string" && !engine.startsWith("postgres")) {
            return;
        }
        const exported = listOf(instance.enabledCloudwatchLogsExports);
        const missing = POSTGRES_LOGS.filter((log) => !exported.includes(log));
        if (missing.length > 0) {
            reportViolation(`enabledCloudwatchLogsExports must include "postgresql" and "upgrade" (found: ${found(instance.enabledCloudwatchLogsExports)}; missing: ${missing.join(", ")})`);
        }
    }),
};

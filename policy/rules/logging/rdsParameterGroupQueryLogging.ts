import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, listOf } from "../../lib/validate";

/** Which statements ran, and which were slow, is otherwise absent from the exported postgresql log. */
export const rdsParameterGroupQueryLogging: PlatformResourcePolicy = {
    name: "rds-parameter-group-query-logging",
    description: "PostgreSQL DB parameter groups must log statements: log_statement set and not \"none\", and log_min_duration_statement set and not -1.",
    enforcementLevel: "mandatory",
    severity: "low",
    theme: "logging",
    anchors: ["CKV2_AWS_30"],
    remediationSteps: "Add `{ name: \"log_statement\", value: \"ddl\" }` and `{ name: \"log_min_duration_statement\", value: \"1000\" }` (milliseconds) to the aws.rds.ParameterGroup.",
    validateResource: validateResourceOfType(aws.rds.ParameterGroup, (group, _args, reportViolation) => {
        if (typeof group.family !== "string" || !group.family.startsWith("postgres")) {
            return;
        }
        const valueOf = (name: string) => listOf(group.parameters).find((p) => p.name === name)?.value;
        const statement = valueOf("log_statement");
        if (statement === undefined || String(statement) === "none") {
            reportViolation(`parameters must set log_statement to ddl, mod or all (found: ${found(statement)})`);
        }
        const minDuration = valueOf("log_min_duration_statement");
        if (minDuration === undefined || String(minDuration) === "-1") {
            reportViolation(`parameters must set log_min_duration_statement to a threshold in milliseconds, not -1 (found: ${found(minDuration)})`);
        }
    }),
};

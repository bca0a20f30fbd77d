import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, listOf } from "../../lib/validate";

/** rds.force_ssl rejects plaintext PostgreSQL connections server-side; only PG 15+ defaults it to 1, so pin it. */
export const rdsParameterGroupForceSsl: PlatformResourcePolicy = {
    name: "rds-parameter-group-force-ssl",
    description: "PostgreSQL DB parameter groups (family postgres*) must set rds.force_ssl to 1.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "tls",
    anchors: ["CKV2_AWS_69"],
    remediationSteps: "Add `{ name: \"rds.force_ssl\", value: \"1\" }` to the `parameters` of the aws.rds.ParameterGroup.",
    validateResource: validateResourceOfType(aws.rds.ParameterGroup, (group, _args, reportViolation) => {
        if (typeof group.family !== "string" || !group.family.startsWith("postgres")) {
            return;
        }
        const forceSsl = listOf(group.parameters).find((p) => p.name === "rds.force_ssl");
        if (forceSsl === undefined) {
            reportViolation("parameters must set rds.force_ssl to \"1\" (found: undefined)");
        } else if (String(forceSsl.value) !== "1") {
            reportViolation(`parameters must set rds.force_ssl to "1" (found: ${found(forceSsl.value)})`);
        }
    }),
};

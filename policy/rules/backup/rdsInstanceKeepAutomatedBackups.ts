import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

/** By default deleting an instance also deletes its automated backups, and with them point-in-time recovery. */
export const rdsInstanceKeepAutomatedBackups: PlatformResourcePolicy = {
    name: "rds-instance-keep-automated-backups",
    description: "RDS instances must keep their automated backups after deletion (deleteAutomatedBackups = false; the default is true).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "data-loss",
    anchors: [],
    remediationSteps: "Set `deleteAutomatedBackups: false` on the aws.rds.Instance; retained backups expire with the retention period.",
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, _args, reportViolation) => {
        if (instance.deleteAutomatedBackups !== false) {
            reportViolation(mustBe("deleteAutomatedBackups", "false", instance.deleteAutomatedBackups));
        }
    }),
};

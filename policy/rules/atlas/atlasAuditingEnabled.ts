/**
 * atlas-auditing-enabled: database auditing records authentication and schema/role changes for
 * incident response; Atlas leaves it off by default.
 */
import * as mongodbatlas from "@pulumi/mongodbatlas";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, mustBe } from "../../lib/validate";

export const atlasAuditingEnabled: PlatformResourcePolicy = {
    name: "atlas-auditing-enabled",
    description: "mongodbatlas.Auditing must be enabled with an explicit auditFilter.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "logging",
    anchors: ["prowler projects_auditing_enabled"],
    remediationSteps: "Set `enabled: true` and an `auditFilter` JSON (at least authenticate, createUser/dropUser, grantRolesToUser and DDL events) on mongodbatlas.Auditing.",
    validateResource: validateResourceOfType(mongodbatlas.Auditing, (auditing, _args, reportViolation) => {
        if (auditing.enabled !== true) {
            reportViolation(mustBe("enabled", "true", auditing.enabled));
        }
        const filter = auditing.auditFilter;
        if (typeof filter !== "string" || filter.trim().length === 0) {
            reportViolation(`auditFilter must be a JSON audit filter (found: ${found(filter)})`);
        }
    }),
};

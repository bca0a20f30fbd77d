import * as mongodbatlas from "@pulumi/mongodbatlas";
import { atlasBackupSchedulePolicies } from "../../../rules/atlas/atlasBackupSchedulePolicies";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const COMPLIANT = {
    projectId: "p1",
    clusterName: "core",
    restoreWindowDays: 7,
    policyItemHourly: { frequencyInterval: 1, retentionUnit: "days", retentionValue: 2 },
    policyItemDaily: { frequencyInterval: 1, retentionUnit: "days", retentionValue: 14 },
};
const schedule = (overrides: Record<string, any> = {}, config?: Record<string, any>) =>
    resourceArgs(mongodbatlas.CloudBackupSchedule, { ...COMPLIANT, ...overrides }, { config });

describe("atlas-backup-schedule-policies", () => {
    it("passes hourly and daily items with a 7-day restore window", async () => {
        await assertNoResourceViolation(atlasBackupSchedulePolicies, schedule());
    });

    it("fails without an hourly policy item", async () => {
        await assertResourceViolation(atlasBackupSchedulePolicies, schedule({ policyItemHourly: undefined }), /^policyItemHourly must be set \(found: undefined\)$/);
    });

    it("fails without a daily policy item", async () => {
        await assertResourceViolation(atlasBackupSchedulePolicies, schedule({ policyItemDaily: undefined }), /^policyItemDaily must be set \(found: undefined\)$/);
    });

    it("fails restoreWindowDays left unset", async () => {
        await assertResourceViolation(atlasBackupSchedulePolicies, schedule({ restoreWindowDays: undefined }), /^restoreWindowDays must be at least 7 \(found: undefined\)$/);
    });

    it("fails a restore window shorter than the minimum", async () => {
        await assertResourceViolation(atlasBackupSchedulePolicies, schedule({ restoreWindowDays: 2 }), /^restoreWindowDays must be at least 7 \(found: 2\)$/);
    });

    it("honours a configured minimum", async () => {
        await assertNoResourceViolation(atlasBackupSchedulePolicies, schedule({ restoreWindowDays: 2 }, { minimumRestoreWindowDays: 1 }));
        await assertResourceViolation(atlasBackupSchedulePolicies, schedule({ restoreWindowDays: 7 }, { minimumRestoreWindowDays: 14 }), /at least 14 \(found: 7\)/);
    });
});

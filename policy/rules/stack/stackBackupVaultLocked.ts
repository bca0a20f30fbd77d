/**
 * stack-backup-vault-locked: a vault without Vault Lock lets anyone with backup permissions delete its
 * recovery points, so a compromised deploy role can erase the backups along with the data. Each vault needs
 * a VaultLockConfiguration whose backupVaultName is that vault; with `requireComplianceMode` (prod) the lock
 * must set changeableForDays, which makes it compliance mode (not removable once the grace period ends).
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { companionsOf } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { isSet } from "../../lib/validate";
import { describeResource } from "./lib/describe";

const VAULT = "aws:backup/vault:Vault";
const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";

interface Config {
    requireComplianceMode: boolean;
}

const validateStack: StackValidationPolicy["validateStack"] = (args, reportViolation) => {
    const { requireComplianceMode } = args.getConfig<Config>();
    for (const vault of args.resources.filter((r) => r.type === VAULT)) {
        const locks = companionsOf(vault, args.resources, [LOCK], "backupVaultName", "name");
        if (locks.length === 0) {
            reportViolation(`${describeResource(vault)} must have a ${LOCK} whose backupVaultName is this vault (found: none)`, vault.urn);
        } else if (requireComplianceMode && !locks.some((lock) => isSet(lock.props, "changeableForDays"))) {
            reportViolation(`${describeResource(vault)} must be locked in compliance mode: its lock must set changeableForDays (found: governance mode)`, vault.urn);
        }
    }
};

export const stackBackupVaultLocked: PlatformStackPolicy = {
    name: "stack-backup-vault-locked",
    description: "Every AWS Backup vault must have a Vault Lock (VaultLockConfiguration); with `requireComplianceMode`, in compliance mode (changeableForDays set).",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "data-loss",
    anchors: [],
    remediationSteps:
        "Declare `new aws.backup.VaultLockConfiguration(..., { backupVaultName: vault.name, minRetentionDays, changeableForDays })` per vault (the platform sets it from `platform:backup.vaultLock`). Compliance mode is irreversible after changeableForDays.",
    configSchema: {
        properties: {
            requireComplianceMode: { type: "boolean", default: false, description: "Whether vault locks must be in compliance mode (changeableForDays set)." },
        },
    },
    validateStack,
};

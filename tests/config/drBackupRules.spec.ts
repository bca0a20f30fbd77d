/**
 * `platform:backup`'s cross-field checks, called directly on a validated prod config with one thing changed:
 * the lifecycle arithmetic and Vault Lock bounds AWS Backup enforces at `pulumi up` (or, worse, at the first
 * failed job), each at its last good and first bad value, naming the key to change.
 */
import * as assert from "assert";
import { PlatformConfig, validateConfig } from "../../config";
import { backupProblems } from "../../config/sections/dr/backup";
import { rawStack } from "./fixtures";

// Validated inside a test, not at load (see sectionRules.spec.ts: load-time code is static coverage).
let validated: PlatformConfig | undefined;
const prod = (): PlatformConfig => structuredClone((validated ??= validateConfig(rawStack("prod"))));
type Backup = NonNullable<PlatformConfig["backup"]>;
/** Prod with its backup section changed (vaultLock merged, not replaced). */
function prodWith(patch: Partial<Omit<Backup, "vaultLock">> & { vaultLock?: Partial<Backup["vaultLock"]> }): PlatformConfig {
    const config = prod();
    const backup = config.backup!;
    config.backup = { ...backup, ...patch, vaultLock: { ...backup.vaultLock, ...patch.vaultLock } } as Backup;
    return config;
}
const keys = (config: PlatformConfig) => backupProblems(config).map((p) => p.path.join("."));
function only(config: PlatformConfig, key: string, message: RegExp): void {
    const problems = backupProblems(config);
    assert.deepStrictEqual(problems.map((p) => p.path.join(".")), [key], JSON.stringify(problems));
    assert.match(problems[0].message, message);
}

describe("config sections: backup", () => {
    it("prod as committed has no problem; without the section nothing is checked, even on one region", () => {
        const config = prod();
        assert.equal(config.backup?.vaultLock.mode, "compliance", "prod locks its vaults");
        assert.deepStrictEqual(backupProblems(config), []);
        assert.deepStrictEqual(backupProblems({ ...config, backup: undefined, regions: config.regions.filter((r) => r.role === "primary") }), []);
    });

    it("cold storage must end at least 90 days before deletion: cold + 90 is fine, cold + 89 is refused at deleteAfterDays", () => {
        assert.deepStrictEqual(keys(prodWith({ coldStorageAfterDays: 30, deleteAfterDays: 120 })), []);
        only(prodWith({ coldStorageAfterDays: 30, deleteAfterDays: 119 }), "backup.deleteAfterDays", /^119 is less than 90 days after coldStorageAfterDays 30; AWS Backup keeps cold recovery points at least 90 days$/);
        // Unset: snapshots stay warm, any deleteAfterDays goes (prod keeps them 35 days).
        assert.deepStrictEqual(keys(prodWith({ coldStorageAfterDays: undefined, deleteAfterDays: 7 })), []);
    });

    it("a backup job must be allowed to finish after its start window: equal is refused, one minute more is fine", () => {
        only(prodWith({ startWindowMinutes: 120, completionWindowMinutes: 120 }), "backup.completionWindowMinutes", /^120 is not more than startWindowMinutes 120$/);
        only(prodWith({ startWindowMinutes: 180, completionWindowMinutes: 120 }), "backup.completionWindowMinutes", /^120 is not more than startWindowMinutes 180$/);
        assert.deepStrictEqual(keys(prodWith({ startWindowMinutes: 120, completionWindowMinutes: 121 })), []);
    });

    it("the lock's maximum retention may equal its minimum; one day below is refused at vaultLock.maxRetentionDays", () => {
        assert.deepStrictEqual(keys(prodWith({ deleteAfterDays: 7, continuousBackupDays: 7, vaultLock: { minRetentionDays: 7, maxRetentionDays: 7 } })), []);
        const problems = backupProblems(prodWith({ deleteAfterDays: 7, continuousBackupDays: undefined, vaultLock: { minRetentionDays: 7, maxRetentionDays: 6 } }));
        // The snapshot retention (7) is then above the maximum too: both keys are named.
        assert.deepStrictEqual(problems.map((p) => p.path.join(".")), ["backup.vaultLock.maxRetentionDays", "backup.deleteAfterDays"]);
        assert.equal(problems[0].message, "6 is less than minRetentionDays 7");
    });

    it("snapshot retention must sit inside the lock's bounds, both ends inclusive", () => {
        const lock = { minRetentionDays: 10, maxRetentionDays: 40 };
        assert.deepStrictEqual(keys(prodWith({ deleteAfterDays: 10, continuousBackupDays: undefined, vaultLock: lock })), []);
        assert.deepStrictEqual(keys(prodWith({ deleteAfterDays: 40, continuousBackupDays: undefined, vaultLock: lock })), []);
        only(prodWith({ deleteAfterDays: 9, continuousBackupDays: undefined, vaultLock: lock }), "backup.deleteAfterDays", /^9 is outside the vault lock's retention \(10-40 days\); AWS Backup fails such jobs$/);
        only(prodWith({ deleteAfterDays: 41, continuousBackupDays: undefined, vaultLock: lock }), "backup.deleteAfterDays", /^41 is outside the vault lock's retention \(10-40 days\)/);
    });

    it("continuous backups land in the locked vault too: checked at continuousBackupDays, only when set", () => {
        const lock = { minRetentionDays: 10, maxRetentionDays: 40 };
        only(prodWith({ deleteAfterDays: 35, continuousBackupDays: 9, vaultLock: lock }), "backup.continuousBackupDays", /^9 is outside the vault lock's retention \(10-40 days\)/);
        assert.deepStrictEqual(keys(prodWith({ deleteAfterDays: 35, continuousBackupDays: 10, vaultLock: lock })), []);
        assert.deepStrictEqual(keys(prodWith({ deleteAfterDays: 35, continuousBackupDays: undefined, vaultLock: lock })), []);
    });

    it("a lock without a maximum bounds retention from below only, and says so", () => {
        const lock = { minRetentionDays: 10, maxRetentionDays: undefined };
        assert.deepStrictEqual(keys(prodWith({ deleteAfterDays: 36500, continuousBackupDays: undefined, vaultLock: lock })), []);
        only(prodWith({ deleteAfterDays: 9, continuousBackupDays: undefined, vaultLock: lock }), "backup.deleteAfterDays", /\(10-unbounded days\)/);
    });

    it("with the lock off, retention is not checked against it", () => {
        const lock = { mode: "off" as const, minRetentionDays: 10, maxRetentionDays: 5 };
        assert.deepStrictEqual(keys(prodWith({ deleteAfterDays: 9, continuousBackupDays: 20, vaultLock: lock })), []);
        // governance enforces the same bounds as compliance.
        assert.deepStrictEqual(keys(prodWith({ deleteAfterDays: 9, continuousBackupDays: undefined, vaultLock: { ...lock, mode: "governance", maxRetentionDays: 40 } })), ["backup.deleteAfterDays"]);
    });

    it("copies to secondary regions need a secondary region; without copies one region is fine", () => {
        const primaryOnly = (config: PlatformConfig) => ({ ...config, regions: config.regions.filter((r) => r.role === "primary") });
        only(primaryOnly(prodWith({ copyToSecondaryRegions: true })), "backup.copyToSecondaryRegions", /^true but no region has role "secondary" to copy to$/);
        assert.deepStrictEqual(keys(primaryOnly(prodWith({ copyToSecondaryRegions: false }))), []);
        assert.deepStrictEqual(keys(prodWith({ copyToSecondaryRegions: true })), []);
    });
});

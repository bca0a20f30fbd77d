import { strict as assert } from "assert";
import { stackBackupVaultLocked as policy } from "../../../rules/stack/stackBackupVaultLocked";
import { assertNoStackViolation, assertStackViolation, stackArgs, stackViolationsOf } from "../../helpers";

const VAULT = "aws:backup/vault:Vault";
const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const vault = { type: VAULT, name: "vault", props: { name: "platform-prod-use1", kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/k" } };
const governance = { type: LOCK, name: "lock", props: { backupVaultName: "platform-prod-use1", minRetentionDays: 7 }, propertyDependencies: { backupVaultName: ["vault"] } };
const compliance = { ...governance, props: { ...governance.props, changeableForDays: 3 } };
const COMPLIANCE = { config: { requireComplianceMode: true } };

describe("stack-backup-vault-locked", () => {
    it("passes a vault with a governance lock by default", async () => {
        await assertNoStackViolation(policy, stackArgs([vault, governance]));
    });

    it("passes a vault with a compliance lock when compliance mode is required", async () => {
        await assertNoStackViolation(policy, stackArgs([vault, compliance], COMPLIANCE));
    });

    it("joins a lock whose vault name is a literal (no recorded dependency)", async () => {
        await assertNoStackViolation(policy, stackArgs([vault, { ...compliance, propertyDependencies: {} }], COMPLIANCE));
    });

    it("fails a vault without a lock", async () => {
        await assertStackViolation(policy, stackArgs([vault]), /aws:backup\/vault:Vault "vault" must have a .*VaultLockConfiguration whose backupVaultName is this vault \(found: none\)/);
    });

    it("fails a vault whose only lock belongs to another vault", async () => {
        const other = { ...vault, name: "other", props: { ...vault.props, name: "platform-prod-usw2" } };
        const violations = await stackViolationsOf(policy, stackArgs([vault, other, governance]));
        assert.deepEqual(
            violations.map((v) => v.urn),
            ["urn:pulumi:test::platform::aws:backup/vault:Vault::other"],
        );
    });

    it("fails a governance lock (changeableForDays unset) when compliance mode is required", async () => {
        await assertStackViolation(policy, stackArgs([vault, governance], COMPLIANCE), /must be locked in compliance mode: its lock must set changeableForDays \(found: governance mode\)/);
    });

    it("fails a vault without a lock when compliance mode is required", async () => {
        await assertStackViolation(policy, stackArgs([vault], COMPLIANCE), /found: none/);
    });

    it("passes a stack without vaults", async () => {
        await assertNoStackViolation(policy, stackArgs([], COMPLIANCE));
    });
    it("passes a vault with a governance and a compliance lock when compliance mode is required (one compliance lock suffices)", async () => {
        await assertNoStackViolation(policy, stackArgs([vault, governance, { ...compliance, name: "lock2" }], COMPLIANCE));
        await assertNoStackViolation(policy, stackArgs([vault, { ...compliance, name: "lock2" }, governance], COMPLIANCE));
    });
});

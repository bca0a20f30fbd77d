import { atlasClusterBackupEnabled } from "../../../rules/atlas/atlasClusterBackupEnabled";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { cluster } from "./fixtures";

describe("atlas-cluster-backup-enabled", () => {
    it("passes backupEnabled true", async () => {
        await assertNoResourceViolation(atlasClusterBackupEnabled, cluster());
    });

    it("fails backupEnabled false", async () => {
        await assertResourceViolation(atlasClusterBackupEnabled, cluster({ backupEnabled: false }), /^backupEnabled must be true \(found: false\)$/);
    });

    it("fails backupEnabled left unset (default false)", async () => {
        await assertResourceViolation(atlasClusterBackupEnabled, cluster({ backupEnabled: undefined }), /^backupEnabled must be true \(found: undefined\)$/);
    });
});

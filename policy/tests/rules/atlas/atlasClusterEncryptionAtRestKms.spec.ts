import { atlasClusterEncryptionAtRestKms } from "../../../rules/atlas/atlasClusterEncryptionAtRestKms";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { cluster } from "./fixtures";

describe("atlas-cluster-encryption-at-rest-kms", () => {
    it('passes encryptionAtRestProvider "AWS"', async () => {
        await assertNoResourceViolation(atlasClusterEncryptionAtRestKms, cluster());
    });

    it('fails "NONE"', async () => {
        await assertResourceViolation(atlasClusterEncryptionAtRestKms, cluster({ encryptionAtRestProvider: "NONE" }), /^encryptionAtRestProvider must be "AWS" \(found: "NONE"\)$/);
    });

    it("fails a key held in another cloud", async () => {
        await assertResourceViolation(atlasClusterEncryptionAtRestKms, cluster({ encryptionAtRestProvider: "GCP" }), /\(found: "GCP"\)/);
    });

    it("fails encryptionAtRestProvider left unset", async () => {
        await assertResourceViolation(atlasClusterEncryptionAtRestKms, cluster({ encryptionAtRestProvider: undefined }), /^encryptionAtRestProvider must be "AWS" \(found: undefined\)$/);
    });
});

import { atlasClusterTerminationProtection } from "../../../rules/atlas/atlasClusterTerminationProtection";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { cluster } from "./fixtures";

describe("atlas-cluster-termination-protection", () => {
    it("passes terminationProtectionEnabled true", async () => {
        await assertNoResourceViolation(atlasClusterTerminationProtection, cluster());
    });

    it("fails terminationProtectionEnabled false", async () => {
        await assertResourceViolation(atlasClusterTerminationProtection, cluster({ terminationProtectionEnabled: false }), /^terminationProtectionEnabled must be true \(found: false\)$/);
    });

    it("fails terminationProtectionEnabled left unset", async () => {
        await assertResourceViolation(atlasClusterTerminationProtection, cluster({ terminationProtectionEnabled: undefined }), /^terminationProtectionEnabled must be true \(found: undefined\)$/);
    });
});

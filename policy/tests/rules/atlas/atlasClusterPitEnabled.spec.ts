import { atlasClusterPitEnabled } from "../../../rules/atlas/atlasClusterPitEnabled";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { cluster } from "./fixtures";

describe("atlas-cluster-pit-enabled", () => {
    it("passes pitEnabled true", async () => {
        await assertNoResourceViolation(atlasClusterPitEnabled, cluster());
    });

    it("fails pitEnabled false", async () => {
        await assertResourceViolation(atlasClusterPitEnabled, cluster({ pitEnabled: false }), /^pitEnabled must be true \(found: false\)$/);
    });

    it("fails pitEnabled left unset", async () => {
        await assertResourceViolation(atlasClusterPitEnabled, cluster({ pitEnabled: undefined }), /^pitEnabled must be true \(found: undefined\)$/);
    });
});

import { atlasClusterJavascriptDisabled } from "../../../rules/atlas/atlasClusterJavascriptDisabled";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { cluster } from "./fixtures";

describe("atlas-cluster-javascript-disabled", () => {
    it("passes javascriptEnabled false", async () => {
        await assertNoResourceViolation(atlasClusterJavascriptDisabled, cluster());
    });

    it("fails javascriptEnabled true", async () => {
        await assertResourceViolation(
            atlasClusterJavascriptDisabled,
            cluster({ advancedConfiguration: { minimumEnabledTlsProtocol: "TLS1_2", javascriptEnabled: true } }),
            /advancedConfiguration\.javascriptEnabled must be false \(found: true\)/,
        );
    });

    it("fails javascriptEnabled left unset (Atlas default on)", async () => {
        await assertResourceViolation(
            atlasClusterJavascriptDisabled,
            cluster({ advancedConfiguration: { minimumEnabledTlsProtocol: "TLS1_2" } }),
            /advancedConfiguration\.javascriptEnabled must be false \(found: undefined\)/,
        );
    });
});

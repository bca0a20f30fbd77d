import { atlasClusterMinTls } from "../../../rules/atlas/atlasClusterMinTls";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { cluster } from "./fixtures";

describe("atlas-cluster-min-tls", () => {
    it("passes TLS1_2", async () => {
        await assertNoResourceViolation(atlasClusterMinTls, cluster());
    });

    it("passes TLS1_3", async () => {
        await assertNoResourceViolation(atlasClusterMinTls, cluster({ advancedConfiguration: { minimumEnabledTlsProtocol: "TLS1_3", javascriptEnabled: false } }));
    });

    it("fails TLS1_0", async () => {
        await assertResourceViolation(
            atlasClusterMinTls,
            cluster({ advancedConfiguration: { minimumEnabledTlsProtocol: "TLS1_0" } }),
            /advancedConfiguration\.minimumEnabledTlsProtocol must be "TLS1_2" or "TLS1_3" \(found: "TLS1_0"\)/,
        );
    });

    it("fails TLS1_1", async () => {
        await assertResourceViolation(atlasClusterMinTls, cluster({ advancedConfiguration: { minimumEnabledTlsProtocol: "TLS1_1" } }), /\(found: "TLS1_1"\)/);
    });

    it("fails minimumEnabledTlsProtocol left unset", async () => {
        await assertResourceViolation(atlasClusterMinTls, cluster({ advancedConfiguration: { javascriptEnabled: false } }), /minimumEnabledTlsProtocol must be .* \(found: undefined\)/);
    });

    it("fails advancedConfiguration left unset", async () => {
        await assertResourceViolation(atlasClusterMinTls, cluster({ advancedConfiguration: undefined }), /minimumEnabledTlsProtocol must be .* \(found: undefined\)/);
    });
});

import { eksComponentApiAuthentication } from "../../../rules/identity/eksComponentApiAuthentication";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("eks-component-api-authentication", () => {
    const cluster = (authenticationMode: string | undefined) => resourceArgs("eks:index:Cluster", { authenticationMode });

    it("passes API", async () => {
        await assertNoResourceViolation(eksComponentApiAuthentication, cluster("API"));
    });

    it("passes API_AND_CONFIG_MAP", async () => {
        await assertNoResourceViolation(eksComponentApiAuthentication, cluster("API_AND_CONFIG_MAP"));
    });

    it("fails CONFIG_MAP", async () => {
        await assertResourceViolation(eksComponentApiAuthentication, cluster("CONFIG_MAP"), /authenticationMode must be "API" or "API_AND_CONFIG_MAP" \(found: "CONFIG_MAP"\)/);
    });

    it("fails when authenticationMode is left unset", async () => {
        await assertResourceViolation(eksComponentApiAuthentication, cluster(undefined), /authenticationMode must be .* \(found: undefined\)/);
    });
});

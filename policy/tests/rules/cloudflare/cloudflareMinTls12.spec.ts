import { cloudflareMinTls12 } from "../../../rules/cloudflare/cloudflareMinTls12";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { zoneSetting } from "./fixtures";

describe("cloudflare-min-tls-1-2", () => {
    it("passes 1.2", async () => {
        await assertNoResourceViolation(cloudflareMinTls12, zoneSetting("min_tls_version", "1.2"));
    });

    it("passes 1.3 under the camelCase id", async () => {
        await assertNoResourceViolation(cloudflareMinTls12, zoneSetting("minTlsVersion", "1.3"));
    });

    it("fails 1.0", async () => {
        await assertResourceViolation(cloudflareMinTls12, zoneSetting("min_tls_version", "1.0"), /value of zone setting "min_tls_version" must be "1\.2" or "1\.3" \(found: "1\.0"\)/);
    });

    it("fails 1.1 under the camelCase id", async () => {
        await assertResourceViolation(cloudflareMinTls12, zoneSetting("minTlsVersion", "1.1"), /\(found: "1\.1"\)/);
    });

    it("fails a value left unset", async () => {
        await assertResourceViolation(cloudflareMinTls12, zoneSetting("min_tls_version", undefined), /\(found: undefined\)/);
    });
});

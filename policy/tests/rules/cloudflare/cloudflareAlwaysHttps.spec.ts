import { cloudflareAlwaysHttps } from "../../../rules/cloudflare/cloudflareAlwaysHttps";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { zoneSetting } from "./fixtures";

describe("cloudflare-always-https", () => {
    it("passes on", async () => {
        await assertNoResourceViolation(cloudflareAlwaysHttps, zoneSetting("always_use_https", "on"));
    });

    it("fails off", async () => {
        await assertResourceViolation(cloudflareAlwaysHttps, zoneSetting("always_use_https", "off"), /value of zone setting "always_use_https" must be "on" \(found: "off"\)/);
    });

    it("fails off under the camelCase id", async () => {
        await assertResourceViolation(cloudflareAlwaysHttps, zoneSetting("alwaysUseHttps", "off"), /\(found: "off"\)/);
    });

    it("fails a value left unset", async () => {
        await assertResourceViolation(cloudflareAlwaysHttps, zoneSetting("always_use_https", undefined), /\(found: undefined\)/);
    });
});

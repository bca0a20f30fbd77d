import { cloudflareSslStrict } from "../../../rules/cloudflare/cloudflareSslStrict";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { zoneSetting } from "./fixtures";

describe("cloudflare-ssl-strict", () => {
    it("passes strict", async () => {
        await assertNoResourceViolation(cloudflareSslStrict, zoneSetting("ssl", "strict"));
    });

    it("passes origin_pull (strict, SSL-only origin pull)", async () => {
        await assertNoResourceViolation(cloudflareSslStrict, zoneSetting("ssl", "origin_pull"));
    });

    for (const mode of ["full", "flexible", "off"]) {
        it(`fails ${mode}`, async () => {
            await assertResourceViolation(cloudflareSslStrict, zoneSetting("ssl", mode), new RegExp(`value of zone setting "ssl" must be "strict" \\(found: "${mode}"\\)`));
        });
    }

    it("fails a value left unset", async () => {
        await assertResourceViolation(cloudflareSslStrict, zoneSetting("ssl", undefined), /value of zone setting "ssl" must be "strict" \(found: undefined\)/);
    });

    it("ignores other settings", async () => {
        await assertNoResourceViolation(cloudflareSslStrict, zoneSetting("cache_level", "aggressive"));
    });
});

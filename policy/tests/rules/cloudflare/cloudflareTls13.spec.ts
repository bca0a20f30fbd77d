import { cloudflareTls13 } from "../../../rules/cloudflare/cloudflareTls13";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { zoneSetting } from "./fixtures";

describe("cloudflare-tls-1-3", () => {
    it("passes on", async () => {
        await assertNoResourceViolation(cloudflareTls13, zoneSetting("tls_1_3", "on"));
    });

    it("passes zrt under the camelCase id", async () => {
        await assertNoResourceViolation(cloudflareTls13, zoneSetting("tls13", "zrt"));
    });

    it("fails off", async () => {
        await assertResourceViolation(cloudflareTls13, zoneSetting("tls_1_3", "off"), /value of zone setting "tls_1_3" must be "on" or "zrt" \(found: "off"\)/);
    });

    it("fails a value left unset", async () => {
        await assertResourceViolation(cloudflareTls13, zoneSetting("tls_1_3", undefined), /\(found: undefined\)/);
    });

    it("is advisory grade", () => {
        if (cloudflareTls13.severity !== "low") {
            throw new Error(`severity must be low, found ${cloudflareTls13.severity}`);
        }
    });
});

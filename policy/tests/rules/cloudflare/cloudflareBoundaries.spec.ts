/**
 * Boundaries of the Cloudflare rules: each zone-setting rule judges only its own setting (an "off" elsewhere is
 * another rule's business), the TLS 1.2-only id in its camelCase spelling, and an HSTS header left out or null.
 */
import { cloudflareAlwaysHttps } from "../../../rules/cloudflare/cloudflareAlwaysHttps";
import { cloudflareHsts } from "../../../rules/cloudflare/cloudflareHsts";
import { cloudflareMinTls12 } from "../../../rules/cloudflare/cloudflareMinTls12";
import { cloudflareTls13 } from "../../../rules/cloudflare/cloudflareTls13";
import { canonicalSettingId, readKey } from "../../../rules/cloudflare/lib/zoneSettings";
import * as assert from "assert";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { zoneSetting } from "./fixtures";

describe("cloudflare rules: boundaries", () => {
    it("a rule ignores the other zone settings, whatever their value", async () => {
        for (const policy of [cloudflareAlwaysHttps, cloudflareMinTls12, cloudflareTls13]) {
            await assertNoResourceViolation(policy, zoneSetting("brotli", "off"));
            await assertNoResourceViolation(policy, zoneSetting("0rtt", "1.0"));
        }
    });

    it("tls12Only is the API's tls_1_2_only, not tls12_only", () => {
        assert.strictEqual(canonicalSettingId("tls12Only"), "tls_1_2_only");
    });

    it("reading a key of null or a string is undefined, not a crash", () => {
        assert.strictEqual(readKey(null, "enabled"), undefined);
        assert.strictEqual(readKey("on", "length"), undefined);
    });

    it("HSTS: a security_header value without strict_transport_security, or with it null, says it must be set", async () => {
        for (const value of [{}, { strict_transport_security: null }, null]) {
            await assertResourceViolation(cloudflareHsts, zoneSetting("security_header", value), /^value\.strict_transport_security must be set \(found: (undefined|null)\)/);
        }
    });
});

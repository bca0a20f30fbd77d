import { strict as assert } from "assert";
import { canonicalSettingId, readKey } from "../../../../rules/cloudflare/lib/zoneSettings";

describe("cloudflare/lib/zoneSettings", () => {
    it("canonicalises both spellings of setting ids", () => {
        assert.equal(canonicalSettingId("alwaysUseHttps"), "always_use_https");
        assert.equal(canonicalSettingId("always_use_https"), "always_use_https");
        assert.equal(canonicalSettingId("minTlsVersion"), "min_tls_version");
        assert.equal(canonicalSettingId("tls13"), "tls_1_3");
        assert.equal(canonicalSettingId("tls_1_3"), "tls_1_3");
        assert.equal(canonicalSettingId("securityHeader"), "security_header");
        assert.equal(canonicalSettingId("ssl"), "ssl");
        assert.equal(canonicalSettingId(undefined), undefined);
    });

    it("reads nested keys in either spelling, preferring snake_case", () => {
        assert.equal(readKey({ max_age: 1 }, "max_age"), 1);
        assert.equal(readKey({ maxAge: 2 }, "max_age"), 2);
        assert.equal(readKey({ max_age: 1, maxAge: 2 }, "max_age"), 1);
        assert.equal(readKey(undefined, "max_age"), undefined);
    });
});

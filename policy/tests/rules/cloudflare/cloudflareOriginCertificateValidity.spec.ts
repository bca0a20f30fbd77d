import { cloudflareOriginCertificateValidity } from "../../../rules/cloudflare/cloudflareOriginCertificateValidity";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN, violationsOf } from "../../helpers";
import { strict as assert } from "assert";

const TYPE = "cloudflare:index/originCaCertificate:OriginCaCertificate";
const NOW = Date.parse("2026-11-30T00:00:00Z");
const DAY = 86400000;
const certificate = (props: Record<string, any>, config: Record<string, any> = {}) =>
    resourceArgs(TYPE, { csr: "-----BEGIN CERTIFICATE REQUEST-----", hostnames: ["api.example.com"], requestType: "origin-ecc", ...props }, { config: { now: NOW, ...config } });
const iso = (ms: number) => new Date(ms).toISOString();

describe("cloudflare-origin-certificate-validity", () => {
    it("passes a one-year certificate, and one whose expiry is 31 days away", async () => {
        await assertNoResourceViolation(cloudflareOriginCertificateValidity, certificate({ requestedValidity: 365 }));
        await assertNoResourceViolation(cloudflareOriginCertificateValidity, certificate({ requestedValidity: 365, expiresOn: iso(NOW + 31 * DAY) }));
    });

    it("passes the boundaries: 31 days requested, 1095 days requested", async () => {
        await assertNoResourceViolation(cloudflareOriginCertificateValidity, certificate({ requestedValidity: 31 }));
        await assertNoResourceViolation(cloudflareOriginCertificateValidity, certificate({ requestedValidity: 1095 }));
    });

    it("fails requestedValidity left unset (Cloudflare's 15-year default)", async () => {
        await assertResourceViolation(cloudflareOriginCertificateValidity, certificate({}), /^requestedValidity must be a number of days above 30 and at most 1095 \(found: undefined\)$/);
    });

    it("fails a validity inside the renewal window, and one longer than the maximum", async () => {
        await assertResourceViolation(cloudflareOriginCertificateValidity, certificate({ requestedValidity: 30 }), /\(found: 30\)/);
        await assertResourceViolation(cloudflareOriginCertificateValidity, certificate({ requestedValidity: 5475 }), /\(found: 5475\)/);
        await assertResourceViolation(cloudflareOriginCertificateValidity, certificate({ requestedValidity: 366 }, { maximumValidityDays: 365 }), /at most 365 \(found: 366\)/);
    });

    it("fails a known expiry exactly at, or inside, the renewal window, and an unreadable one", async () => {
        await assertResourceViolation(cloudflareOriginCertificateValidity, certificate({ requestedValidity: 365, expiresOn: iso(NOW + 30 * DAY) }), /^expiresOn must be more than 30 days away/);
        await assertResourceViolation(cloudflareOriginCertificateValidity, certificate({ requestedValidity: 365, expiresOn: iso(NOW - DAY) }), /expiresOn must be more than 30 days away/);
        await assertResourceViolation(cloudflareOriginCertificateValidity, certificate({ requestedValidity: 365, expiresOn: "soon" }), /\(found: "soon"\)/);
        await assertResourceViolation(
            cloudflareOriginCertificateValidity,
            certificate({ requestedValidity: 365, expiresOn: iso(NOW + 60 * DAY) }, { renewWithinDays: 60 }),
            /more than 60 days away/,
        );
    });

    it("judges an expiry not known during preview by the requested validity only", async () => {
        assert.deepEqual(await violationsOf(cloudflareOriginCertificateValidity, certificate({ requestedValidity: 365, expiresOn: UNKNOWN })), []);
    });

    it("ignores other resources", async () => {
        await assertNoResourceViolation(cloudflareOriginCertificateValidity, resourceArgs("cloudflare:index/dnsRecord:DnsRecord", { name: "api.example.com" }));
    });

    it("judges expiry at the configured instant, else at the current time", async () => {
        const later = Date.parse("2031-01-01T00:00:00Z");
        await assertResourceViolation(cloudflareOriginCertificateValidity, certificate({ requestedValidity: 365, expiresOn: iso(later - DAY) }, { now: later }), /^expiresOn must be more than 30 days away/);
        await assertNoResourceViolation(cloudflareOriginCertificateValidity, certificate({ requestedValidity: 365, expiresOn: iso(later + 31 * DAY) }, { now: later }));
        await assertResourceViolation(cloudflareOriginCertificateValidity, certificate({ requestedValidity: 365, expiresOn: iso(Date.now() + 29 * DAY) }, { now: undefined }), /^expiresOn must be more than 30 days away/);
        await assertNoResourceViolation(cloudflareOriginCertificateValidity, certificate({ requestedValidity: 365, expiresOn: iso(Date.now() + 31 * DAY) }, { now: undefined }));
    });
});

import { cloudflareHsts } from "../../../rules/cloudflare/cloudflareHsts";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { zoneSetting } from "./fixtures";

const HSTS = { enabled: true, include_subdomains: true, max_age: 31536000, nosniff: true };
const header = (hsts: Record<string, any> | undefined, config?: Record<string, any>) => zoneSetting("security_header", { strict_transport_security: hsts }, config);

describe("cloudflare-hsts", () => {
    it("passes HSTS for a year, with or without subdomains", async () => {
        await assertNoResourceViolation(cloudflareHsts, header(HSTS));
    });

    it("passes exactly the 180-day minimum", async () => {
        await assertNoResourceViolation(cloudflareHsts, header({ ...HSTS, max_age: 15552000 }));
    });

    it("reads the camelCase spelling of the SDK docs", async () => {
        const value = { strictTransportSecurity: { enabled: true, includeSubdomains: true, maxAge: 31536000 } };
        await assertNoResourceViolation(cloudflareHsts, zoneSetting("securityHeader", value));
    });

    it("fails enabled false", async () => {
        await assertResourceViolation(cloudflareHsts, header({ ...HSTS, enabled: false }), /value\.strict_transport_security\.enabled must be true \(found: false\)/);
    });

    it("fails enabled left unset", async () => {
        await assertResourceViolation(cloudflareHsts, header({ ...HSTS, enabled: undefined }), /value\.strict_transport_security\.enabled must be true \(found: undefined\)/);
    });

    it("passes include_subdomains false or unset by default (opt-in: the setting is zone-wide)", async () => {
        await assertNoResourceViolation(cloudflareHsts, header({ ...HSTS, include_subdomains: false }));
        await assertNoResourceViolation(cloudflareHsts, header({ ...HSTS, include_subdomains: undefined }));
    });

    it("fails include_subdomains false when requireIncludeSubdomains", async () => {
        await assertResourceViolation(
            cloudflareHsts,
            header({ ...HSTS, include_subdomains: false }, { requireIncludeSubdomains: true }),
            /value\.strict_transport_security\.include_subdomains must be true \(found: false\)/,
        );
    });

    it("fails include_subdomains left unset when requireIncludeSubdomains", async () => {
        await assertResourceViolation(cloudflareHsts, header({ ...HSTS, include_subdomains: undefined }, { requireIncludeSubdomains: true }), /include_subdomains must be true \(found: undefined\)/);
    });

    it("passes preload with include_subdomains", async () => {
        await assertNoResourceViolation(cloudflareHsts, header({ ...HSTS, preload: true }));
    });

    it("fails preload with include_subdomains false", async () => {
        await assertResourceViolation(cloudflareHsts, header({ ...HSTS, include_subdomains: false, preload: true }), /include_subdomains must be true with preload on .* \(found: false\)/);
    });

    it("fails preload with include_subdomains left unset", async () => {
        await assertResourceViolation(cloudflareHsts, header({ ...HSTS, include_subdomains: undefined, preload: true }), /include_subdomains must be true with preload on .* \(found: undefined\)/);
    });

    it("fails a short max_age", async () => {
        await assertResourceViolation(cloudflareHsts, header({ ...HSTS, max_age: 86400 }), /value\.strict_transport_security\.max_age must be at least 15552000 \(found: 86400\)/);
    });

    it("fails max_age left unset", async () => {
        await assertResourceViolation(cloudflareHsts, header({ ...HSTS, max_age: undefined }), /max_age must be at least 15552000 \(found: undefined\)/);
    });

    it("fails a security header without strict_transport_security", async () => {
        await assertResourceViolation(cloudflareHsts, header(undefined), /value\.strict_transport_security must be set \(found: undefined\)/);
    });

    it("honours a configured minimum", async () => {
        await assertResourceViolation(cloudflareHsts, header(HSTS, { minimumMaxAge: 63072000 }), /max_age must be at least 63072000 \(found: 31536000\)/);
    });

    it("passes include_subdomains true when requireIncludeSubdomains", async () => {
        await assertNoResourceViolation(cloudflareHsts, header(HSTS, { requireIncludeSubdomains: true }));
    });

    it("leaves zone settings other than the security header to their own rules", async () => {
        await assertNoResourceViolation(cloudflareHsts, zoneSetting("ssl", "strict"));
    });
});

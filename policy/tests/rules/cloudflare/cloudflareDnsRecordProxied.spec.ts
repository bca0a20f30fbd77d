import * as cloudflare from "@pulumi/cloudflare";
import { cloudflareDnsRecordProxied } from "../../../rules/cloudflare/cloudflareDnsRecordProxied";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const record = (props: Record<string, any>, config?: Record<string, any>) =>
    resourceArgs(cloudflare.DnsRecord, { zoneId: "z1", name: "api.example.com", type: "CNAME", content: "alb.example.net", ttl: 1, proxied: true, ...props }, { config });

describe("cloudflare-dns-record-proxied", () => {
    it("passes a proxied CNAME", async () => {
        await assertNoResourceViolation(cloudflareDnsRecordProxied, record({}));
    });

    it("passes a DNS-only TXT record", async () => {
        await assertNoResourceViolation(cloudflareDnsRecordProxied, record({ type: "TXT", content: "v=spf1 -all", proxied: false }));
    });

    it("passes an unproxied ACM validation CNAME", async () => {
        await assertNoResourceViolation(cloudflareDnsRecordProxied, record({ name: "_3f2a.api.example.com", proxied: false }));
    });

    it("passes a configured DNS-only name", async () => {
        await assertNoResourceViolation(cloudflareDnsRecordProxied, record({ name: "mail.example.com", type: "A", content: "203.0.113.5", proxied: false }, { dnsOnlyNames: ["mail.example.com"] }));
    });

    it("fails an unproxied A record", async () => {
        await assertResourceViolation(
            cloudflareDnsRecordProxied,
            record({ type: "A", content: "203.0.113.5", proxied: false }),
            /proxied on A record "api\.example\.com" must be true \(found: false\)/,
        );
    });

    it("fails proxied left unset on a CNAME (Cloudflare default DNS-only)", async () => {
        await assertResourceViolation(cloudflareDnsRecordProxied, record({ proxied: undefined }), /proxied on CNAME record "api\.example\.com" must be true \(found: undefined\)/);
    });

    it("fails an unproxied AAAA record", async () => {
        await assertResourceViolation(cloudflareDnsRecordProxied, record({ type: "AAAA", content: "2001:db8::1", proxied: false }), /proxied on AAAA record/);
    });

    it("exempts only labels that start with an underscore, not an underscore inside a label", async () => {
        await assertNoResourceViolation(cloudflareDnsRecordProxied, record({ name: "_acme-challenge.api.example.com", proxied: false }));
        await assertResourceViolation(cloudflareDnsRecordProxied, record({ name: "api_v2.example.com", proxied: false }), /proxied on CNAME record "api_v2\.example\.com" must be true/);
    });
});

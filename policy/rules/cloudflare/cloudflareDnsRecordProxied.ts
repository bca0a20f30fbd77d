/**
 * cloudflare-dns-record-proxied: web records (A, AAAA, CNAME) must go through Cloudflare's proxy, so the
 * zone's TLS, HSTS and WAF settings apply and the origin address stays hidden. Records that must resolve
 * directly (underscore-prefixed verification/service names, or names listed in `dnsOnlyNames`) are exempt.
 */
import * as cloudflare from "@pulumi/cloudflare";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

const WEB_RECORD_TYPES = ["A", "AAAA", "CNAME"];

interface Config {
    dnsOnlyNames: string[];
}

/** Underscore labels (`_acme-challenge`, ACM's `_<hash>` validation CNAMEs, SRV-style names) are never web traffic. */
function isServiceName(name: string): boolean {
    return name.split(".").some((label) => label.startsWith("_"));
}

export const cloudflareDnsRecordProxied: PlatformResourcePolicy = {
    name: "cloudflare-dns-record-proxied",
    description: "Cloudflare A, AAAA and CNAME records must be proxied, except underscore service names and configured dnsOnlyNames.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "exposure",
    anchors: ["prowler dns_record_proxied"],
    remediationSteps: "Set `proxied: true` on the cloudflare.DnsRecord, or list the record's name in the policy config `dnsOnlyNames` if it must resolve to the origin directly.",
    configSchema: {
        properties: {
            dnsOnlyNames: { type: "array", items: { type: "string" }, default: [], description: "Record names (as given in `name`) that may stay DNS-only." },
        },
    },
    validateResource: validateResourceOfType(cloudflare.DnsRecord, (record, args, reportViolation) => {
        const type = String(record.type).toUpperCase();
        if (!WEB_RECORD_TYPES.includes(type)) {
            return;
        }
        const { dnsOnlyNames } = args.getConfig<Config>();
        const name = String(record.name);
        if (isServiceName(name) || dnsOnlyNames.includes(name)) {
            return;
        }
        if (record.proxied !== true) {
            reportViolation(mustBe(`proxied on ${type} record ${JSON.stringify(name)}`, "true", record.proxied));
        }
    }),
};

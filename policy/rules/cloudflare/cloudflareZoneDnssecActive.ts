/**
 * cloudflare-zone-dnssec-active: signed zones stop resolvers from accepting spoofed answers for the
 * platform's names.
 */
import * as cloudflare from "@pulumi/cloudflare";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

export const cloudflareZoneDnssecActive: PlatformResourcePolicy = {
    name: "cloudflare-zone-dnssec-active",
    description: 'cloudflare.ZoneDnssec must set status "active".',
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "exposure",
    anchors: ["prowler zone_dnssec_enabled"],
    remediationSteps: 'Set `status: "active"` on the cloudflare.ZoneDnssec and publish the DS record at the registrar.',
    validateResource: validateResourceOfType(cloudflare.ZoneDnssec, (dnssec, _args, reportViolation) => {
        if (dnssec.status !== "active") {
            reportViolation(mustBe("status", '"active"', dnssec.status));
        }
    }),
};

import * as cloudflare from "@pulumi/cloudflare";
import { cloudflareZoneDnssecActive } from "../../../rules/cloudflare/cloudflareZoneDnssecActive";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("cloudflare-zone-dnssec-active", () => {
    it("passes status active", async () => {
        await assertNoResourceViolation(cloudflareZoneDnssecActive, resourceArgs(cloudflare.ZoneDnssec, { zoneId: "z1", status: "active" }));
    });

    it("fails status disabled", async () => {
        await assertResourceViolation(cloudflareZoneDnssecActive, resourceArgs(cloudflare.ZoneDnssec, { zoneId: "z1", status: "disabled" }), /^status must be "active" \(found: "disabled"\)$/);
    });

    it("fails status left unset", async () => {
        await assertResourceViolation(cloudflareZoneDnssecActive, resourceArgs(cloudflare.ZoneDnssec, { zoneId: "z1" }), /^status must be "active" \(found: undefined\)$/);
    });
});

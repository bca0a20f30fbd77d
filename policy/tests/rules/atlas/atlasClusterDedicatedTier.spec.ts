import { atlasClusterDedicatedTier } from "../../../rules/atlas/atlasClusterDedicatedTier";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { cluster } from "./fixtures";

const withRegion = (region: Record<string, any>) => cluster({ replicationSpecs: [{ regionConfigs: [{ regionName: "EU_WEST_1", priority: 7, ...region }] }] });

describe("atlas-cluster-dedicated-tier", () => {
    it("passes an M30 on AWS", async () => {
        await assertNoResourceViolation(atlasClusterDedicatedTier, cluster());
    });

    it("passes an M10 with read-only and analytics nodes", async () => {
        await assertNoResourceViolation(
            atlasClusterDedicatedTier,
            withRegion({ providerName: "AWS", electableSpecs: { instanceSize: "M10", nodeCount: 3 }, readOnlySpecs: { instanceSize: "M10", nodeCount: 1 }, analyticsSpecs: { instanceSize: "M20", nodeCount: 1 } }),
        );
    });

    it("fails the free M0 tier (TENANT provider)", async () => {
        await assertResourceViolation(
            atlasClusterDedicatedTier,
            withRegion({ providerName: "TENANT", backingProviderName: "AWS", electableSpecs: { instanceSize: "M0" } }),
            /replicationSpecs\[0\]\.regionConfigs\[0\]\.providerName must be a dedicated cloud provider, not a shared or Flex tier \(found: "TENANT"\)/,
        );
    });

    it("fails a Flex cluster", async () => {
        await assertResourceViolation(atlasClusterDedicatedTier, withRegion({ providerName: "FLEX", backingProviderName: "AWS" }), /providerName .* \(found: "FLEX"\)/);
    });

    it("fails a shared instance size", async () => {
        await assertResourceViolation(
            atlasClusterDedicatedTier,
            withRegion({ providerName: "AWS", electableSpecs: { instanceSize: "M5" } }),
            /regionConfigs\[0\]\.electableSpecs\.instanceSize must be a dedicated tier \(M10 or larger\) \(found: "M5"\)/,
        );
    });

    it("fails instanceSize left unset", async () => {
        await assertResourceViolation(
            atlasClusterDedicatedTier,
            withRegion({ providerName: "AWS", electableSpecs: { nodeCount: 3 } }),
            /regionConfigs\[0\]\.electableSpecs\.instanceSize must be a dedicated tier \(M10 or larger\) \(found: undefined\)/,
        );
    });

    it("passes a read-only region without electable nodes", async () => {
        const specs = [
            { providerName: "AWS", regionName: "EU_WEST_1", priority: 7, electableSpecs: { instanceSize: "M30", nodeCount: 3 } },
            { providerName: "AWS", regionName: "EU_CENTRAL_1", priority: 0, readOnlySpecs: { instanceSize: "M30", nodeCount: 1 } },
        ];
        await assertNoResourceViolation(atlasClusterDedicatedTier, cluster({ replicationSpecs: [{ regionConfigs: specs }] }));
    });

    it("fails a shared size on a read-only region", async () => {
        const specs = [
            { providerName: "AWS", regionName: "EU_WEST_1", priority: 7, electableSpecs: { instanceSize: "M30", nodeCount: 3 } },
            { providerName: "AWS", regionName: "EU_CENTRAL_1", priority: 0, readOnlySpecs: { instanceSize: "M2", nodeCount: 1 } },
        ];
        await assertResourceViolation(atlasClusterDedicatedTier, cluster({ replicationSpecs: [{ regionConfigs: specs }] }), /regionConfigs\[1\]\.readOnlySpecs\.instanceSize .* \(found: "M2"\)/);
    });

    it("fails a region declaring no node specs", async () => {
        await assertResourceViolation(atlasClusterDedicatedTier, withRegion({ providerName: "AWS" }), /regionConfigs\[0\] must declare electableSpecs, readOnlySpecs or analyticsSpecs .* \(found: none\)/);
    });
});

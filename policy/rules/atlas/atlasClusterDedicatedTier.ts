/**
 * atlas-cluster-dedicated-tier: free, shared (M0/M2/M5) and Flex clusters have no continuous backup,
 * no customer-key encryption and no termination protection, so every data-loss rule is moot on them.
 */
import * as mongodbatlas from "@pulumi/mongodbatlas";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, listOf } from "../../lib/validate";

const SHARED_PROVIDERS = ["TENANT", "FLEX"];
const SHARED_SIZES = ["M0", "M2", "M5"];
const NODE_SPECS = ["electableSpecs", "readOnlySpecs", "analyticsSpecs"] as const;

export const atlasClusterDedicatedTier: PlatformResourcePolicy = {
    name: "atlas-cluster-dedicated-tier",
    description: "MongoDB Atlas clusters must run on a dedicated tier (M10 or larger on AWS/GCP/Azure), not M0/M2/M5 or Flex.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "data-loss",
    anchors: [],
    remediationSteps: 'Use `providerName: "AWS"` with `electableSpecs.instanceSize` "M10" or larger in every region config.',
    validateResource: validateResourceOfType(mongodbatlas.AdvancedCluster, (cluster, _args, reportViolation) => {
        listOf(cluster.replicationSpecs).forEach((spec, i) => {
            listOf(spec.regionConfigs).forEach((region, j) => {
                const where = `replicationSpecs[${i}].regionConfigs[${j}]`;
                if (SHARED_PROVIDERS.includes(region.providerName)) {
                    reportViolation(`${where}.providerName must be a dedicated cloud provider, not a shared or Flex tier (found: ${found(region.providerName)})`);
                    return;
                }
                // A region may hold only read-only or analytics nodes, so any of the three specs may be absent, but not all.
                const declared = NODE_SPECS.filter((specs) => region[specs] !== undefined && region[specs] !== null);
                if (declared.length === 0) {
                    reportViolation(`${where} must declare electableSpecs, readOnlySpecs or analyticsSpecs with a dedicated instanceSize (found: none)`);
                }
                for (const specs of declared) {
                    const size = region[specs]?.instanceSize;
                    if (typeof size !== "string" || SHARED_SIZES.includes(size.toUpperCase())) {
                        reportViolation(`${where}.${specs}.instanceSize must be a dedicated tier (M10 or larger) (found: ${found(size)})`);
                    }
                }
            });
        });
    }),
};

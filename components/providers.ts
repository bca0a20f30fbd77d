/**
 * One AWS provider per configured region. A region is a parameter of the program, not a copy of code:
 * every regional component receives its provider through resource options.
 */
import * as aws from "@pulumi/aws";
import { PlatformConfig, RegionConfig } from "../config";
import { baseTags } from "../lib/tags";
import { regionPrefix } from "../lib/naming";

export interface RegionalProvider {
    region: RegionConfig;
    /** `prod-use1`: prefix of every resource name in this region. */
    prefix: string;
    provider: aws.Provider;
}

export function createRegionProviders(config: PlatformConfig): RegionalProvider[] {
    const tags = baseTags({ environment: config.environment, owner: config.owner, costCenter: config.costCenter });
    return config.regions.map((region) => {
        const prefix = regionPrefix(config.environment, region.name);
        const provider = new aws.Provider(`${prefix}-aws`, {
            region: region.name as aws.Region,
            // A stack can only ever touch its own account, whatever credentials the shell has.
            allowedAccountIds: [config.awsAccountId],
            defaultTags: { tags },
        });
        return { region, prefix, provider };
    });
}

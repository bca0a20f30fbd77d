/** Resource naming: pure functions shared by components, so names stay unique across regions and stacks. */

/** Short, stable code for an AWS region: `us-east-1` -> `use1`, `eu-central-1` -> `euc1`, `ap-southeast-2` -> `apse2`. */
export function regionCode(region: string): string {
    const match = /^([a-z]{2})-(?:gov-)?([a-z]+)-(\d+)$/.exec(region);
    if (!match) {
        throw new Error(`"${region}" is not an AWS region name like us-east-1`);
    }
    const [, area, direction, number] = match;
    const directionCode = direction
        .replace("northeast", "ne")
        .replace("northwest", "nw")
        .replace("southeast", "se")
        .replace("southwest", "sw")
        .replace("north", "n")
        .replace("south", "s")
        .replace("east", "e")
        .replace("west", "w")
        .replace("central", "c");
    return `${area}${directionCode}${number}`;
}

/** Prefix for everything a region of an environment owns: `prod-use1`. */
export function regionPrefix(environment: string, region: string): string {
    return `${environment}-${regionCode(region)}`;
}

/**
 * A physical name for resources whose names AWS requires unique per account/region (buckets, clusters)
 * and limits in length. Lower-case, hyphenated, cut to `maxLength`.
 */
export function physicalName(parts: string[], maxLength = 63): string {
    const name = parts
        .join("-")
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/-+/g, "-")
        .replace(/^-|-$/g, "");
    // A cut can end on a hyphen; a short name is its own slice.
    return name.slice(0, maxLength).replace(/-$/, "");
}

/**
 * `platform:atlas`: the MongoDB Atlas project and cluster. Pure: the schema, the AWS-to-Atlas region
 * mapping and the cross-field checks, so every rule is unit-tested without Pulumi.
 *
 * Atlas API credentials are never configuration: the provider reads MONGODB_ATLAS_PUBLIC_KEY and
 * MONGODB_ATLAS_PRIVATE_KEY (or MONGODB_ATLAS_CLIENT_ID / MONGODB_ATLAS_CLIENT_SECRET for a service
 * account) from the environment.
 */
import { z } from "zod";
import { formatCidr, parseCidr } from "../../../lib/cidr";
import { distinctList } from "../common";

/** A problem found by a section's cross-field check: the key path below `platform:` and what is wrong. */
export interface SectionProblem {
    path: Array<string | number>;
    message: string;
}

/**
 * Shared and Flex tiers: no continuous cloud backup (so no point-in-time restore), no customer-managed
 * keys and no PrivateLink. The platform's RPO (15 minutes) needs a dedicated tier.
 */
export const ATLAS_SHARED_TIERS = ["M0", "M2", "M5", "FLEX"] as const;

/** Dedicated tiers: general (M10...), low-CPU (R40...) and NVMe (M40_NVME...). */
const DEDICATED_TIER = /^(M\d{2,3}|R\d{2,3}|M\d{2,3}_NVME)$/;

/**
 * AWS regions Atlas offers (Atlas names them `US_EAST_1`; AWS `us-east-1`). Listed rather than derived
 * so a region Atlas does not serve fails validation with its key named instead of failing at deploy time.
 */
export const ATLAS_AWS_REGIONS: readonly string[] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "ca-west-1",
    "sa-east-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "af-south-1",
    "me-south-1",
    "me-central-1",
    "il-central-1",
    "ap-east-1",
    "ap-south-1",
    "ap-south-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    // Atlas for Government only.
    "us-gov-west-1",
    "us-gov-east-1",
];

/** `us-east-1` -> `US_EAST_1`. Throws for a region Atlas does not serve. */
export function atlasRegionName(awsRegion: string): string {
    if (!ATLAS_AWS_REGIONS.includes(awsRegion)) {
        throw new Error(`MongoDB Atlas has no AWS region "${awsRegion}"; expected one of ${ATLAS_AWS_REGIONS.join(", ")}`);
    }
    return awsRegion.toUpperCase().replace(/-/g, "_");
}

/** `US_EAST_1` -> `us-east-1`: the inverse, for reading Atlas outputs. */
export function awsRegionName(atlasRegion: string): string {
    const region = atlasRegion.toLowerCase().replace(/_/g, "-");
    if (!ATLAS_AWS_REGIONS.includes(region)) {
        throw new Error(`"${atlasRegion}" is not an Atlas AWS region name like US_EAST_1`);
    }
    return region;
}

/** Atlas accepts replica sets of 3, 5 or 7 electable members in total. */
export const ATLAS_ELECTABLE_TOTALS = [3, 5, 7] as const;

/** Access-list entries broader than this are refused: Atlas would be reachable from a large part of the internet. */
export const ATLAS_ACCESS_LIST_MIN_PREFIX = 16;

const objectId = z.string().regex(/^[0-9a-f]{24}$/, "expected a 24-character hexadecimal Atlas id");

export const atlasInstanceSize = z.string().superRefine((value, ctx) => {
    if ((ATLAS_SHARED_TIERS as readonly string[]).includes(value.toUpperCase())) {
        ctx.addIssue({
            code: "custom",
            message: `shared tier ${value} has no continuous cloud backup (point-in-time restore), customer-managed keys or PrivateLink; expected a dedicated tier such as M10, M30 or R40`,
        });
    } else if (!DEDICATED_TIER.test(value)) {
        ctx.addIssue({ code: "custom", message: "expected a dedicated Atlas tier such as M10, M30, R40 or M40_NVME" });
    }
});

/** An extra access-list CIDR (operators' VPN, say). Never the world, never broader than a /16. */
const accessListCidr = z.string().superRefine((value, ctx) => {
    let prefix: number;
    try {
        prefix = parseCidr(value).prefix;
    } catch (error) {
        ctx.addIssue({ code: "custom", message: `${(error as Error).message} (expected an IPv4 CIDR like 198.51.100.0/24)` });
        return;
    }
    if (prefix === 0) {
        ctx.addIssue({ code: "custom", message: "0.0.0.0/0 would open Atlas to the whole internet; list the egress addresses that need access" });
    } else if (prefix < ATLAS_ACCESS_LIST_MIN_PREFIX) {
        ctx.addIssue({ code: "custom", message: `a /${prefix} is too broad for the Atlas access list; expected /${ATLAS_ACCESS_LIST_MIN_PREFIX} or narrower` });
    }
}).overwrite((value) => {
    try {
        return formatCidr(parseCidr(value)); // one canonical text, as for every CIDR (config/sections/common.ts)
    } catch {
        return value;
    }
});

const autoScalingSchema = z
    .object({
        computeEnabled: z.boolean().default(true).describe("Let Atlas scale the tier up and down within the bounds below."),
        computeMaxInstanceSize: atlasInstanceSize.optional().describe("Upper bound for compute auto-scaling (e.g. M40); required when computeEnabled."),
        diskGbEnabled: z.boolean().default(true).describe("Grow storage automatically before it fills."),
    })
    .strict();

const backupSchema = z
    .object({
        restoreWindowDays: z.int().min(1).max(35).default(7).describe("Point-in-time restore window (continuous backup); at most dailyRetentionDays."),
        referenceHourOfDay: z.int().min(0).max(23).default(3).describe("UTC hour snapshots are taken."),
        hourlyFrequencyHours: z
            .union([z.literal(1), z.literal(2), z.literal(4), z.literal(6), z.literal(8), z.literal(12)])
            .default(6)
            .describe("Hours between hourly snapshots (1, 2, 4, 6, 8 or 12)."),
        hourlyRetentionDays: z.int().min(1).default(2).describe("Days hourly snapshots are kept."),
        dailyRetentionDays: z.int().min(1).default(7).describe("Days daily snapshots are kept."),
        weeklyRetentionWeeks: z.int().min(1).default(4).describe("Weeks weekly snapshots (Sundays) are kept."),
        monthlyRetentionMonths: z.int().min(1).default(12).describe("Months monthly snapshots (last day of the month) are kept."),
        copyToSecondaryRegions: z.boolean().default(false).describe("Copy snapshots and oplogs to every secondary region, so point-in-time restore works there."),
    })
    .strict();
export type AtlasBackupConfig = z.infer<typeof backupSchema>;

export const atlasSchema = z
    .object({
        orgId: objectId.optional().describe("Atlas organization to create the project in. Exactly one of orgId and projectId."),
        projectId: objectId.optional().describe("Existing Atlas project to use instead of creating one."),
        projectName: z
            .string()
            .regex(/^[A-Za-z0-9][A-Za-z0-9 _-]{0,63}$/, "expected a project name of letters, digits, spaces, - and _")
            .optional()
            .describe("Name of the project created in orgId; default platform-<environment>."),
        clusterName: z
            .string()
            .regex(/^[a-zA-Z0-9][a-zA-Z0-9-]{0,22}$/, "expected up to 23 letters, digits and hyphens (Atlas derives host names from it)")
            .optional()
            .describe("Atlas cluster name; default platform-<environment>."),
        instanceSize: atlasInstanceSize.describe("Dedicated tier (M10 or larger). Shared tiers M0/M2/M5/Flex are refused: no continuous backup."),
        mongoDbMajorVersion: z.string().regex(/^\d+\.\d+$/, "expected a major version like 8.0").default("8.0").describe("MongoDB major version (LTS release system)."),
        diskSizeGb: z.int().min(10).max(4096).optional().describe("Initial storage per node; auto-scaling grows it."),
        electableNodes: z.int().min(1).max(7).default(3).describe("Electable nodes in the primary region (priority 7)."),
        replicateToSecondaryRegions: z.boolean().default(false).describe("Add nodes in every secondary region (electable at priority 6 and/or read-only)."),
        secondaryElectableNodes: z.int().min(0).max(6).default(2).describe("Electable nodes per secondary region when replicating."),
        secondaryReadOnlyNodes: z.int().min(0).max(50).default(0).describe("Read-only nodes per secondary region when replicating (local reads, no votes)."),
        autoScaling: autoScalingSchema.prefault({}).describe("Compute and storage auto-scaling."),
        backup: backupSchema.prefault({}).describe("Cloud backup schedule and point-in-time restore window."),
        minimumTlsProtocol: z.enum(["TLS1_2", "TLS1_3"]).default("TLS1_2").describe("Lowest TLS version the cluster accepts."),
        terminationProtection: z.boolean().default(true).describe("Atlas refuses to delete the cluster while set."),
        networkAccess: z
            .enum(["privateLink", "ipAccessList"])
            .default("privateLink")
            .describe("privateLink: an interface endpoint per region, no public path; ipAccessList: the NAT gateways' addresses only."),
        accessListCidrs: distinctList(accessListCidr, 200, "the Atlas access list holds at most 200 entries").default([]).describe("Extra access-list CIDRs (e.g. the operators' VPN); never 0.0.0.0/0, at most a /16; distinct, normalised, at most 200."),
    })
    .strict();
export type AtlasConfig = z.infer<typeof atlasSchema>;

interface AtlasCrossFieldInput {
    atlas?: AtlasConfig;
    regions: Array<{ name: string; role: "primary" | "secondary" }>;
    services: Record<string, { dataStores: string[] }>;
}

/** Checks that need more than one field of `platform:atlas`, or the regions and services next to it. */
export function atlasProblems(config: AtlasCrossFieldInput): SectionProblem[] {
    const problems: SectionProblem[] = [];
    const atlasUsers = Object.entries(config.services)
        .filter(([, service]) => service.dataStores.includes("atlas"))
        .map(([name]) => name);
    const atlas = config.atlas;
    if (!atlas) {
        if (atlasUsers.length > 0) {
            problems.push({ path: ["atlas"], message: `required because services ${atlasUsers.join(", ")} use the atlas data store (found nothing)` });
        }
        return problems;
    }

    if ((atlas.orgId === undefined) === (atlas.projectId === undefined)) {
        problems.push({
            path: ["atlas", "orgId"],
            message: `set exactly one of orgId (create a project) and projectId (use an existing one) (found ${atlas.orgId ? "both" : "neither"})`,
        });
    }
    if (atlas.projectId !== undefined && atlas.projectName !== undefined) {
        problems.push({ path: ["atlas", "projectName"], message: "only applies to a project created in orgId; remove it or projectId" });
    }

    config.regions.forEach((region, i) => {
        if (!ATLAS_AWS_REGIONS.includes(region.name)) {
            problems.push({ path: ["regions", i, "name"], message: `MongoDB Atlas has no AWS region "${region.name}", so the Atlas cluster cannot be placed or reached there` });
        }
    });

    const secondaries = config.regions.filter((r) => r.role === "secondary").length;
    if (atlas.replicateToSecondaryRegions) {
        if (secondaries === 0) {
            problems.push({ path: ["atlas", "replicateToSecondaryRegions"], message: "true but no region has role \"secondary\"; add one or set it false" });
        }
        if (atlas.secondaryElectableNodes + atlas.secondaryReadOnlyNodes === 0) {
            problems.push({ path: ["atlas", "secondaryElectableNodes"], message: "replicating needs at least one node per secondary region (found 0 electable and 0 read-only)" });
        }
    }
    if (atlas.backup.copyToSecondaryRegions && secondaries === 0) {
        problems.push({ path: ["atlas", "backup", "copyToSecondaryRegions"], message: "true but no region has role \"secondary\" to copy backups to" });
    }

    const electable = atlas.electableNodes + (atlas.replicateToSecondaryRegions ? secondaries * atlas.secondaryElectableNodes : 0);
    if (!(ATLAS_ELECTABLE_TOTALS as readonly number[]).includes(electable)) {
        problems.push({
            path: ["atlas", "electableNodes"],
            message: `${electable} electable nodes in total; Atlas replica sets need ${ATLAS_ELECTABLE_TOTALS.join(", ")}`,
        });
    } else if (atlas.electableNodes <= electable / 2 && electable > atlas.electableNodes) {
        // Otherwise losing a secondary region would cost the primary region its majority.
        problems.push({
            path: ["atlas", "electableNodes"],
            message: `the primary region holds ${atlas.electableNodes} of ${electable} electable nodes; expected a majority so it keeps a primary when a secondary region is lost`,
        });
    }

    const backup = atlas.backup;
    if (backup.restoreWindowDays > backup.dailyRetentionDays) {
        problems.push({
            path: ["atlas", "backup", "restoreWindowDays"],
            message: `${backup.restoreWindowDays} days exceeds dailyRetentionDays ${backup.dailyRetentionDays}; a restore needs a snapshot older than the window's start`,
        });
    }
    if (backup.hourlyRetentionDays > backup.dailyRetentionDays) {
        problems.push({
            path: ["atlas", "backup", "hourlyRetentionDays"],
            message: `${backup.hourlyRetentionDays} days exceeds dailyRetentionDays ${backup.dailyRetentionDays}; Atlas needs less frequent snapshots kept at least as long`,
        });
    }
    if (backup.dailyRetentionDays > backup.weeklyRetentionWeeks * 7) {
        problems.push({
            path: ["atlas", "backup", "weeklyRetentionWeeks"],
            message: `${backup.weeklyRetentionWeeks} weeks is shorter than dailyRetentionDays ${backup.dailyRetentionDays}; Atlas needs weekly snapshots kept at least as long`,
        });
    }

    const scaling = atlas.autoScaling;
    if (scaling.computeEnabled && scaling.computeMaxInstanceSize === undefined) {
        problems.push({ path: ["atlas", "autoScaling", "computeMaxInstanceSize"], message: "required when computeEnabled is true (found nothing)" });
    }
    if (scaling.computeMaxInstanceSize !== undefined && tierRank(scaling.computeMaxInstanceSize) < tierRank(atlas.instanceSize)) {
        problems.push({
            path: ["atlas", "autoScaling", "computeMaxInstanceSize"],
            message: `${scaling.computeMaxInstanceSize} is smaller than instanceSize ${atlas.instanceSize}`,
        });
    }
    return problems;
}

/** Orders dedicated tiers by size: M10 < M30 < R40 ~ M40 < M40_NVME. */
export function tierRank(tier: string): number {
    const match = /^[MR](\d+)/.exec(tier);
    return match ? Number(match[1]) : 0;
}

/**
 * Validation of raw stack configuration into one typed object. Everything that can be wrong with
 * a stack file is reported at once, each problem naming the key, what was found and what is expected.
 */
import { z } from "zod";
import { carveSubnets, cidrsOverlap, parseCidr } from "../lib/cidr";
import { CONFIG_NAMESPACE, describeFound, formatKey, oneLine } from "./keys";
import { PlatformConfig, platformConfigSchema, platformConfigShape } from "./schema";
import { arnPartition, partitionOf, roleNameOf } from "./sections/common";
import { clusterProblems, nodeAutoscalingProblems, resolveAddonVersions } from "./sections/cluster";
import { atlasProblems } from "./sections/datastores/atlas";
import { bucketsProblems } from "./sections/datastores/buckets";
import { cdnProblems } from "./sections/cdn";
import { gatewayProblems } from "./sections/gateway";
import { deliveryProblems } from "./sections/delivery";
import { gitOpsProblems } from "./sections/gitops";
import { backupProblems } from "./sections/dr/backup";
import { alarmsProblems } from "./sections/alarms";
import { drReplicationProblems } from "./sections/dr/replication";
import { postgresProblems } from "./sections/datastores/postgres";
import { redisProblems } from "./sections/datastores/redis";
import { residencyProblems } from "./sections/dr/residency";
import { serviceDeliveryProblems, serviceNameProblems, serviceQueueProblems, serviceWorkloadProblems } from "./sections/services";

import { observabilityProblems } from "./sections/observability";

export { CONFIG_NAMESPACE, describeFound, formatKey } from "./keys";

export interface ConfigProblem {
    /** Full key path, e.g. `platform:regions[0].vpcCidr`. */
    key: string;
    message: string;
}

/** How many problems an error shows; the rest are counted (a thousand bad entries stay readable). */
export const MAX_PROBLEMS_SHOWN = 20;
const MAX_MESSAGE_LENGTH = 300;

/** One line per problem (the first MAX_PROBLEMS_SHOWN), then how many more there are. */
export function problemLines(problems: readonly ConfigProblem[], max = MAX_PROBLEMS_SHOWN): string[] {
    const lines = problems.slice(0, max).map((p) => `${p.key}: ${p.message}`);
    if (problems.length > max) {
        lines.push(`... and ${problems.length - max} more problems`);
    }
    return lines;
}

export class ConfigError extends Error {
    readonly problems: ConfigProblem[];

    constructor(problems: ConfigProblem[]) {
        const clean = problems.map((p) => ({ key: oneLine(p.key, 200), message: oneLine(p.message, MAX_MESSAGE_LENGTH) }));
        super(
            `Invalid stack configuration: ${clean.length} problem${clean.length === 1 ? "" : "s"}; no resources were registered.\n` +
                problemLines(clean)
                    .map((line) => `  - ${line}`)
                    .join("\n"),
        );
        this.problems = clean;
        this.name = "ConfigError";
    }
}

type PathSegment = PropertyKey;

/** The value at `path`, following own properties only (a key named like Object.prototype members finds nothing). */
function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
    let value: any = root;
    for (const segment of path) {
        if (value === null || typeof value !== "object" || !Object.prototype.hasOwnProperty.call(value, segment)) {
            return undefined;
        }
        value = value[segment as any];
    }
    return value;
}

function problemFromIssue(issue: z.core.$ZodIssue, raw: unknown): ConfigProblem[] {
    if (issue.code === "unrecognized_keys") {
        return issue.keys.map((k) => ({
            key: formatKey([...issue.path, k]),
            message: `unknown key (found ${describeFound(valueAt(raw, [...issue.path, k]))}); check the spelling against the configuration reference in README.md`,
        }));
    }
    const found = valueAt(raw, issue.path);
    if (found === undefined && issue.code === "invalid_type") {
        return [{ key: formatKey(issue.path), message: `required but missing (expected ${issue.expected})` }];
    }
    const message = issue.message.replace(/^Invalid input: /, "");
    return [{ key: formatKey(issue.path), message: `${message} (found ${describeFound(found)})` }];
}

/** Checks that need more than one field: overlaps, fits, ordering, the service set. */
function crossFieldProblems(config: PlatformConfig): ConfigProblem[] {
    const problems: ConfigProblem[] = [];

    const primaries = config.regions.filter((r) => r.role === "primary");
    if (primaries.length !== 1) {
        problems.push({
            key: formatKey(["regions"]),
            message: `exactly one region must have role "primary" (found ${primaries.length}: ${describeFound(primaries.map((r) => r.name))})`,
        });
    }
    config.regions.forEach((region, i) => {
        const firstIndex = config.regions.findIndex((r) => r.name === region.name);
        if (firstIndex !== i) {
            problems.push({ key: formatKey(["regions", i, "name"]), message: `region ${region.name} is listed twice (also regions[${firstIndex}])` });
        }
        try {
            carveSubnets(region.vpcCidr, region.azCount, region.subnetNewBits);
        } catch (error) {
            const vpcPrefix = parseCidr(region.vpcCidr).prefix;
            const largestBits = Math.max(...Object.values(region.subnetNewBits));
            // Name the cause: a small VPC leaves no room for the configured (or default) subnet sizes.
            const cause =
                vpcPrefix + largestBits > 28
                    ? `a /${vpcPrefix} VPC (vpcCidr ${region.vpcCidr}) leaves room for at most ${28 - vpcPrefix} new bits, since /28 is AWS's smallest subnet; `
                    : "";
            problems.push({ key: formatKey(["regions", i, "subnetNewBits"]), message: `subnets do not fit the VPC: ${cause}${(error as Error).message}` });
        }
        for (let j = 0; j < i; j++) {
            if (cidrsOverlap(config.regions[j].vpcCidr, region.vpcCidr)) {
                problems.push({
                    key: formatKey(["regions", i, "vpcCidr"]),
                    message: `${region.vpcCidr} overlaps regions[${j}].vpcCidr ${config.regions[j].vpcCidr}; expected disjoint ranges so regions can be peered`,
                });
            }
        }
    });

    config.nodeGroups.forEach((group, i) => {
        if (group.minSize > group.maxSize) {
            problems.push({ key: formatKey(["nodeGroups", i, "minSize"]), message: `minSize ${group.minSize} is greater than maxSize ${group.maxSize}` });
        } else if (group.desiredSize < group.minSize || group.desiredSize > group.maxSize) {
            problems.push({
                key: formatKey(["nodeGroups", i, "desiredSize"]),
                message: `desiredSize ${group.desiredSize} is outside minSize..maxSize (${group.minSize}..${group.maxSize})`,
            });
        }
        const firstIndex = config.nodeGroups.findIndex((g) => g.name === group.name);
        if (firstIndex !== i) {
            problems.push({ key: formatKey(["nodeGroups", i, "name"]), message: `node group name "${group.name}" is used twice (also nodeGroups[${firstIndex}])` });
        }
    });

    problems.push(...publicEndpointProblems(config.clusterPublicAccessCidrs));
    problems.push(...accessEntryProblems(config));
    problems.push(...partitionProblems(config));

    // EKS already holds an access entry for the creator; a second one for the same principal fails the deploy.
    for (const list of ["clusterAdminRoleArns", "clusterCiRoleArns", "clusterViewerRoleArns"] as const) {
        config[list].forEach((arn, i) => {
            if (arn === config.clusterCreatorRoleArn) {
                problems.push({
                    key: formatKey([list, i]),
                    message: `${arn} is clusterCreatorRoleArn, which EKS already makes cluster-admin; an explicit access entry for it would fail (pulumi/pulumi-eks#2373)`,
                });
            }
        });
    }

    for (const [name, service] of Object.entries(config.services)) {
        const serviceProblems = [
            ...serviceNameProblems(name, { environment: config.environment, regions: config.regions.map((r) => r.name), queue: service.queue !== undefined }),
            ...serviceWorkloadProblems(name, service, config.serviceImages),
            ...serviceDeliveryProblems(name, service, { observabilityMode: config.observability?.mode }),
        ];
        problems.push(...serviceProblems.map((p) => ({ key: formatKey(p.path), message: p.message })));
        if (parseInt(service.cpuRequest, 10) > parseInt(service.cpuLimit, 10)) {
            problems.push({ key: formatKey(["services", name, "cpuRequest"]), message: `cpuRequest ${service.cpuRequest} exceeds cpuLimit ${service.cpuLimit}` });
        }
        if (mebibytes(service.memoryRequest) > mebibytes(service.memoryLimit)) {
            problems.push({
                key: formatKey(["services", name, "memoryRequest"]),
                message: `memoryRequest ${service.memoryRequest} exceeds memoryLimit ${service.memoryLimit}`,
            });
        }
        problems.push(...serviceQueueProblems(name, service.queue).map((p) => ({ key: formatKey(p.path), message: p.message })));
    }
    problems.push(...clusterProblems(config).map((p) => ({ key: formatKey(p.path), message: p.message })));
    problems.push(...nodeAutoscalingProblems(config).map((p) => ({ key: formatKey(p.path), message: p.message })));
    problems.push(...dataStoreProblems(config));
    problems.push(...atlasSectionProblems(config));
    problems.push(...cdnSectionProblems(config));
    problems.push(...gatewayProblems(config).map((p) => ({ key: formatKey(p.path), message: p.message })));
    problems.push(...residencyProblems(config).map((p) => ({ key: formatKey(p.path), message: p.message })));
    problems.push(...backupProblems(config).map((p) => ({ key: formatKey(p.path), message: p.message })));
    problems.push(...drReplicationProblems(config).map((p) => ({ key: formatKey(p.path), message: p.message })));
    problems.push(...alarmsProblems(config).map((p) => ({ key: formatKey(p.path), message: p.message })));
    problems.push(...deliveryProblems(config).map((p) => ({ key: formatKey(p.path), message: p.message })));
    problems.push(...gitOpsProblems(config).map((p) => ({ key: formatKey(p.path), message: p.message })));
    problems.push(...observabilityProblems(config).map((p) => ({ key: formatKey(p.path), message: p.message })));
    return problems;
}

/**
 * The public EKS endpoint is never open to the internet: not 0.0.0.0/0, and not ranges that together cover
 * every address (0.0.0.0/1 + 128.0.0.0/1).
 */
export function publicEndpointProblems(cidrs: readonly string[]): ConfigProblem[] {
    const blocks = cidrs.map((c) => parseCidr(c)).sort((a, b) => a.network - b.network);
    let covered = 0;
    let end = 0;
    for (const block of blocks) {
        const blockEnd = block.network + 2 ** (32 - block.prefix);
        if (blockEnd > end) {
            covered += blockEnd - Math.max(block.network, end);
            end = blockEnd;
        }
    }
    if (covered < 2 ** 32) {
        return [];
    }
    return [
        {
            key: formatKey(["clusterPublicAccessCidrs"]),
            message: `${describeFound(cidrs)} together cover the whole internet; expected only the ranges that need the public EKS endpoint (or none: private-only)`,
        },
    ];
}

/**
 * One access entry per principal: EKS rejects a second entry for the same role, and entries are keyed by
 * role name (IAM role names are unique per account whatever the path), so a name may appear only once across
 * clusterCreatorRoleArn and the admin, CI and viewer lists.
 */
function accessEntryProblems(config: PlatformConfig): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const seen = new Map<string, string>([[roleNameOf(config.clusterCreatorRoleArn), "clusterCreatorRoleArn"]]);
    for (const list of ["clusterAdminRoleArns", "clusterCiRoleArns", "clusterViewerRoleArns"] as const) {
        config[list].forEach((arn, i) => {
            const name = roleNameOf(arn);
            const first = seen.get(name);
            if (first === undefined) {
                seen.set(name, `${list}[${i}]`);
            } else if (arn !== config.clusterCreatorRoleArn) {
                // The creator's own ARN has its message below; an identical ARN twice in one list, the schema's.
                problems.push({
                    key: formatKey([list, i]),
                    message: `role name ${name} already has an access entry (${first}); a principal gets exactly one entry, and entries are keyed by role name`,
                });
            }
        });
    }
    return problems;
}

/** Every region in the partition of the stack's IAM roles: a provider cannot reach another partition. */
function partitionProblems(config: PlatformConfig): ConfigProblem[] {
    const partition = arnPartition(config.clusterCreatorRoleArn);
    return config.regions.flatMap((region, i) =>
        partitionOf(region.name) === partition
            ? []
            : [{ key: formatKey(["regions", i, "name"]), message: `${region.name} is in partition ${partitionOf(region.name)}, but clusterCreatorRoleArn is in ${partition}; expected one partition` }],
    );
}

/** Cross-field checks of the data-store sections (postgres, redis, buckets), with their keys formatted. */
function dataStoreProblems(config: PlatformConfig): ConfigProblem[] {
    return [...postgresProblems(config), ...redisProblems(config), ...bucketsProblems(config)].map((p) => ({ key: formatKey(p.path), message: p.message }));
}

/** Cross-field checks of the atlas section (and the regions and services it depends on), with their keys formatted. */
function atlasSectionProblems(config: PlatformConfig): ConfigProblem[] {
    return atlasProblems(config).map((p) => ({ key: formatKey(p.path), message: p.message }));
}

/** Cross-field checks of the cdn section (and the regions its origins belong to), with their keys formatted. */
function cdnSectionProblems(config: PlatformConfig): ConfigProblem[] {
    return cdnProblems(config).map((p) => ({ key: formatKey(p.path), message: p.message }));
}

/** `512Mi` -> 512, `2Gi` -> 2048. */
export function mebibytes(quantity: string): number {
    const value = parseInt(quantity, 10);
    return quantity.endsWith("Gi") ? value * 1024 : value;
}

/** True when the key's schema is a plain string (or enum): its raw value is used as-is, not JSON-decoded. */
function isTextKey(key: string): boolean {
    if (!Object.prototype.hasOwnProperty.call(platformConfigShape, key)) {
        return false; // unknown keys (toString, __proto__, ...) are decoded and then rejected by name
    }
    let schema: any = (platformConfigShape as Record<string, any>)[key];
    while (schema && (schema.def.type === "default" || schema.def.type === "optional")) {
        schema = schema.def.innerType;
    }
    return schema !== undefined && (schema.def.type === "string" || schema.def.type === "enum");
}

/**
 * Decodes Pulumi's config map (`platform:key` -> string; structured values arrive as JSON) into raw values.
 * Keys of other namespaces (aws:, kubernetes:, ...) are left to their providers. The result has no
 * prototype, so keys named like Object.prototype members are ordinary (unknown) keys.
 */
export function decodeConfigMap(config: Record<string, string>): Record<string, unknown> {
    const raw: Record<string, unknown> = Object.create(null);
    const prefix = `${CONFIG_NAMESPACE}:`;
    for (const fullKey of Object.keys(config)) {
        if (!fullKey.startsWith(prefix)) {
            continue;
        }
        const value = config[fullKey];
        const key = fullKey.slice(prefix.length);
        if (isTextKey(key)) {
            raw[key] = value;
            continue;
        }
        try {
            raw[key] = JSON.parse(value);
        } catch {
            raw[key] = value; // left for the schema to reject with the key named
        }
    }
    return raw;
}

/** The `platform:` keys of a typed config map (namespace stripped), as validateConfig takes them. */
export function projectValues(values: Record<string, unknown>): Record<string, unknown> {
    const raw: Record<string, unknown> = Object.create(null);
    const prefix = `${CONFIG_NAMESPACE}:`;
    for (const fullKey of Object.keys(values)) {
        if (fullKey.startsWith(prefix)) {
            raw[fullKey.slice(prefix.length)] = values[fullKey];
        }
    }
    return raw;
}

/**
 * Validates raw config (keys without the namespace, values already decoded); throws ConfigError listing every
 * problem, together with `fileProblems` found while reading the stack file (keys in unknown namespaces).
 */
export function validateConfig(raw: Record<string, unknown>, fileProblems: readonly ConfigProblem[] = []): PlatformConfig {
    // Without zod's JIT: it compiles a parser per object schema on first use, which costs more than it saves
    // in a process that validates one stack once.
    const result = platformConfigSchema.safeParse(raw, { jitless: true });
    if (!result.success) {
        throw new ConfigError([...fileProblems, ...result.error.issues.flatMap((issue) => problemFromIssue(issue, raw))]);
    }
    const config = result.data as PlatformConfig;
    const problems = [...fileProblems, ...crossFieldProblems(config)];
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    // Complete after clusterProblems: every add-on has a version.
    config.clusterAddonVersions = resolveAddonVersions(config.kubernetesVersion, config.clusterAddonVersions) as PlatformConfig["clusterAddonVersions"];
    return config;
}

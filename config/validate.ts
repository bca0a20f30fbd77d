/**
 * Validation of raw stack configuration into one typed object. Everything that can be wrong with
 * a stack file is reported at once, each problem naming the key, what was found and what is expected.
 */
import { z } from "zod";
import { carveSubnets, cidrsOverlap } from "../lib/cidr";
import { PlatformConfig, platformConfigSchema, SERVICE_NAMES } from "./schema";
import { clusterProblems, resolveAddonVersions } from "./sections/cluster";
import { atlasProblems } from "./sections/datastores/atlas";
import { bucketsProblems } from "./sections/datastores/buckets";
import { cdnProblems } from "./sections/cdn";
import { postgresProblems } from "./sections/datastores/postgres";
import { redisProblems } from "./sections/datastores/redis";

export const CONFIG_NAMESPACE = "platform";

export interface ConfigProblem {
    /** Full key path, e.g. `platform:regions[0].vpcCidr`. */
    key: string;
    message: string;
}

export class ConfigError extends Error {
    constructor(readonly problems: ConfigProblem[]) {
        super(
            `Invalid stack configuration: ${problems.length} problem${problems.length === 1 ? "" : "s"}; no resources were registered.\n` +
                problems.map((p) => `  - ${p.key}: ${p.message}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

type PathSegment = PropertyKey;

export function formatKey(path: readonly PathSegment[]): string {
    let key = `${CONFIG_NAMESPACE}:`;
    path.forEach((segment, index) => {
        if (typeof segment === "number") {
            key += `[${segment}]`;
        } else {
            key += index === 0 ? String(segment) : `.${String(segment)}`;
        }
    });
    return key;
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
    let value: any = root;
    for (const segment of path) {
        if (value === null || typeof value !== "object") {
            return undefined;
        }
        value = value[segment as any];
    }
    return value;
}

function describeFound(value: unknown): string {
    if (value === undefined) {
        return "nothing";
    }
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
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
            problems.push({ key: formatKey(["regions", i, "subnetNewBits"]), message: `subnets do not fit the VPC: ${(error as Error).message}` });
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

    const known = new Set<string>(SERVICE_NAMES);
    for (const name of Object.keys(config.services)) {
        if (!known.has(name)) {
            problems.push({ key: formatKey(["services", name]), message: `unknown service "${name}"; expected one of ${SERVICE_NAMES.join(", ")}` });
        }
    }
    for (const name of SERVICE_NAMES) {
        const service = config.services[name];
        if (!service) {
            problems.push({ key: formatKey(["services", name]), message: "required but missing (every service needs its settings)" });
            continue;
        }
        if (service.minReplicas > service.maxReplicas) {
            problems.push({
                key: formatKey(["services", name, "minReplicas"]),
                message: `minReplicas ${service.minReplicas} is greater than maxReplicas ${service.maxReplicas}`,
            });
        }
        if (parseInt(service.cpuRequest, 10) > parseInt(service.cpuLimit, 10)) {
            problems.push({ key: formatKey(["services", name, "cpuRequest"]), message: `cpuRequest ${service.cpuRequest} exceeds cpuLimit ${service.cpuLimit}` });
        }
        if (mebibytes(service.memoryRequest) > mebibytes(service.memoryLimit)) {
            problems.push({
                key: formatKey(["services", name, "memoryRequest"]),
                message: `memoryRequest ${service.memoryRequest} exceeds memoryLimit ${service.memoryLimit}`,
            });
        }
    }
    problems.push(...clusterProblems(config).map((p) => ({ key: formatKey(p.path), message: p.message })));
    problems.push(...dataStoreProblems(config));
    problems.push(...atlasSectionProblems(config));
    problems.push(...cdnSectionProblems(config));
    return problems;
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

/** Validates raw config (keys without the namespace, values already decoded); throws ConfigError listing every problem. */
export function validateConfig(raw: Record<string, unknown>): PlatformConfig {
    const result = platformConfigSchema.safeParse(raw);
    if (!result.success) {
        throw new ConfigError(result.error.issues.flatMap((issue) => problemFromIssue(issue, raw)));
    }
    const config = result.data as PlatformConfig;
    const problems = crossFieldProblems(config);
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    // Complete after clusterProblems: every add-on has a version.
    config.clusterAddonVersions = resolveAddonVersions(config.kubernetesVersion, config.clusterAddonVersions) as PlatformConfig["clusterAddonVersions"];
    return config;
}

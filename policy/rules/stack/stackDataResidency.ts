/**
 * stack-data-residency: data must stay in the regions its classification allows (`allowedRegions`, from the
 * stack's `platform:residency`, written into policy/config.<env>.json by `npm run docs`, so the offline gate
 * and `pulumi preview --policy-pack-config` read the same map).
 *
 * A resource's classification is its own `data-classification` tag, else its provider's default tag; its
 * region is its own `region` input (AWS v7), else its provider's `region`. Copies carry their source's
 * classification wherever they land: an RDS read replica or automated-backups replication takes its source
 * instance's, an S3 replication destination its source bucket's, a Secrets Manager replica (`replicas[].region`)
 * its secret's, AWS Backup copies (a plan's copy-action vaults) the classification of each resource its
 * selections' tag conditions pick, and an Atlas cluster's nodes (`replicationSpecs[].regionConfigs[].regionName`) and its backup
 * schedule's copies (`copySettings[].regionName`) the cluster's tag. A stack with data of a classification in
 * `requiredClassifications` but no allowed regions for it is refused, so a missing map cannot pass silently.
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { refersTo } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { S3_BUCKET_TYPES } from "../../lib/tokens";
import { isUnknownSentinel, withoutProxy } from "../../lib/unknowns";
import { describeResource } from "./lib/describe";

interface Config {
    allowedRegions: Record<string, string[]>;
    requiredClassifications: string[];
}

const RDS_INSTANCE = "aws:rds/instance:Instance";
const RDS_BACKUPS_REPLICATION = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication";
const S3_REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const ATLAS_CLUSTER = "mongodbatlas:index/advancedCluster:AdvancedCluster";
const ATLAS_BACKUP_SCHEDULE = "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule";
const BACKUP_PLAN = "aws:backup/plan:Plan";
const BACKUP_SELECTION = "aws:backup/selection:Selection";
const BACKUP_VAULT = "aws:backup/vault:Vault";
const TAG = "data-classification";

/** A known string, or undefined for a missing or unknown (preview) value. */
function text(value: unknown): string | undefined {
    return typeof value === "string" && !isUnknownSentinel(value) ? value : undefined;
}

function plain(value: unknown): any {
    return withoutProxy(value);
}

/** Provider inputs reach a pack as the engine stores them: nested values JSON-encoded as strings. */
function decoded(value: unknown): any {
    const raw = plain(value);
    if (typeof raw === "string" && !isUnknownSentinel(raw)) {
        try {
            return JSON.parse(raw);
        } catch {
            return undefined;
        }
    }
    return raw;
}

/** `US_WEST_2` -> `us-west-2` (Atlas names AWS regions in upper case with underscores). */
export function awsRegionOfAtlas(regionName: string): string {
    return regionName.toLowerCase().replace(/_/g, "-");
}

export function classificationOf(resource: PolicyResource): string | undefined {
    const own = text(plain(plain(resource.props).tags)?.[TAG]);
    if (own !== undefined) {
        return own;
    }
    return text(decoded(plain(resource.provider?.props)?.defaultTags)?.tags?.[TAG]);
}

export function regionOf(resource: PolicyResource): string | undefined {
    return text(plain(resource.props).region) ?? text(plain(resource.provider?.props)?.region);
}

/** The `aws:ResourceTag/<k>` = v pairs of a backup selection's StringEquals conditions. */
function selectionTags(props: any): Array<[string, string]> {
    const conditions = plain(props.conditions);
    const pairs: Array<[string, string]> = [];
    for (const condition of Array.isArray(conditions) ? conditions : []) {
        const equals = plain(plain(condition)?.stringEquals);
        for (const e of Array.isArray(equals) ? equals : []) {
            const key = text(plain(e)?.key);
            const value = text(plain(e)?.value);
            if (key?.startsWith("aws:ResourceTag/") && value !== undefined) {
                pairs.push([key.slice("aws:ResourceTag/".length), value]);
            }
        }
    }
    return pairs;
}

interface Placement {
    resource: PolicyResource;
    classification: string;
    region: string;
    what: string;
}

function sources(resource: PolicyResource, property: string, types: string[]): PolicyResource[] {
    return (resource.propertyDependencies[property] ?? []).filter((r) => types.includes(r.type));
}

/** Every (classification, region) the stack puts data in, with the resource that puts it there. */
export function placementsOf(resources: PolicyResource[]): Placement[] {
    const placements: Placement[] = [];
    const put = (resource: PolicyResource, classification: string | undefined, region: string | undefined, what: string) => {
        if (classification !== undefined && region !== undefined) {
            placements.push({ resource, classification, region, what });
        }
    };
    for (const resource of resources) {
        const props = plain(resource.props);
        const classification = classificationOf(resource);
        // IAM is global and holds no data, whatever region its provider names.
        if (resource.type.startsWith("aws:") && !resource.type.startsWith("aws:iam/")) {
            put(resource, classification, regionOf(resource), "stored");
            for (const replica of Array.isArray(plain(props.replicas)) ? plain(props.replicas) : []) {
                put(resource, classification, text(plain(replica)?.region), "replica");
            }
        }
        if (resource.type === RDS_INSTANCE) {
            for (const source of sources(resource, "replicateSourceDb", [RDS_INSTANCE])) {
                put(resource, classificationOf(source), regionOf(resource), `a read replica of ${describeResource(source)}`);
            }
        }
        if (resource.type === RDS_BACKUPS_REPLICATION) {
            for (const source of sources(resource, "sourceDbInstanceArn", [RDS_INSTANCE])) {
                put(resource, classificationOf(source), regionOf(resource), `automated backups of ${describeResource(source)}`);
            }
        }
        if (resource.type === S3_REPLICATION) {
            for (const source of sources(resource, "bucket", S3_BUCKET_TYPES)) {
                for (const destination of sources(resource, "rules", S3_BUCKET_TYPES).filter((d) => d.urn !== source.urn)) {
                    put(resource, classificationOf(source), regionOf(destination), `${describeResource(source)} replicated to ${describeResource(destination)}`);
                }
            }
        }
        if (resource.type === BACKUP_SELECTION) {
            // The resources the selection's tag conditions pick keep their classification in every copy vault.
            const tags = selectionTags(props);
            const selected = resources.filter((r) => tags.length > 0 && tags.every(([k, v]) => text(plain(plain(r.props).tags)?.[k]) === v));
            for (const plan of sources(resource, "planId", [BACKUP_PLAN])) {
                for (const vault of sources(plan, "rules", [BACKUP_VAULT])) {
                    for (const data of selected) {
                        put(resource, classificationOf(data), regionOf(vault), `AWS Backup copies of ${describeResource(data)} in ${describeResource(vault)}`);
                    }
                }
            }
        }
        if (resource.type === ATLAS_CLUSTER) {
            for (const spec of Array.isArray(plain(props.replicationSpecs)) ? plain(props.replicationSpecs) : []) {
                const configs = plain(plain(spec)?.regionConfigs);
                for (const config of Array.isArray(configs) ? configs : []) {
                    const name = text(plain(config)?.regionName);
                    if (text(plain(config)?.providerName) === "AWS" && name !== undefined) {
                        put(resource, classification, awsRegionOfAtlas(name), "Atlas nodes");
                    }
                }
            }
        }
        if (resource.type === ATLAS_BACKUP_SCHEDULE) {
            const clusters = resources.filter((c) => c.type === ATLAS_CLUSTER && refersTo(resource, "clusterName", c, "name"));
            const copies = plain(props.copySettings);
            for (const cluster of clusters) {
                for (const copy of Array.isArray(copies) ? copies : []) {
                    const name = text(plain(copy)?.regionName);
                    if (name !== undefined) {
                        put(resource, classificationOf(cluster), awsRegionOfAtlas(name), `backup copies of ${describeResource(cluster)}`);
                    }
                }
            }
        }
    }
    return placements;
}

const validateStack: StackValidationPolicy["validateStack"] = (args, reportViolation) => {
    const { allowedRegions, requiredClassifications } = args.getConfig<Config>();
    const placements = placementsOf(args.resources);
    for (const classification of requiredClassifications) {
        const first = placements.find((p) => p.classification === classification);
        if (first !== undefined && allowedRegions[classification] === undefined) {
            reportViolation(
                `${describeResource(first.resource)} holds ${classification} data but the policy config names no allowed regions for ${classification} (found: allowedRegions ${JSON.stringify(allowedRegions)})`,
                first.resource.urn,
            );
        }
    }
    const reported = new Set<string>();
    for (const p of placements) {
        const allowed = allowedRegions[p.classification];
        const key = `${p.resource.urn}|${p.classification}|${p.region}|${p.what}`;
        if (allowed !== undefined && !allowed.includes(p.region) && !reported.has(key)) {
            reported.add(key);
            reportViolation(
                `${describeResource(p.resource)}: ${p.classification} data (${p.what}) in ${p.region}, outside its allowed regions (found: ${p.region}; expected one of ${allowed.join(", ")})`,
                p.resource.urn,
            );
        }
    }
};

export const stackDataResidency: PlatformStackPolicy = {
    name: "stack-data-residency",
    description:
        "Data tagged data-classification=<c> (buckets, databases, read replicas, backup copies, secret replicas, S3 replication destinations, Atlas nodes and backup copies) must be stored only in allowedRegions[<c>]; " +
        "a classification in requiredClassifications (default pii) must have allowed regions configured.",
    enforcementLevel: "mandatory",
    severity: "critical",
    theme: "residency",
    anchors: [],
    remediationSteps:
        "Move the resource (its provider or `region`), replica, copy or Atlas region into an allowed region, or, if the data may legally live there, add the region to `platform:residency.allowedRegions.<classification>` in the stack file and run `npm run docs` to regenerate policy/config.<env>.json.",
    configSchema: {
        properties: {
            allowedRegions: {
                type: "object",
                additionalProperties: { type: "array", items: { type: "string" } },
                default: {},
                description: "Per data classification, the AWS regions where it may be stored; generated from the stack's platform:residency.allowedRegions. A classification not listed is unrestricted.",
            },
            requiredClassifications: {
                type: "array",
                items: { type: "string" },
                default: ["pii"],
                description: "Classifications that must have allowedRegions whenever the stack holds such data.",
            },
        },
    },
    validateStack,
};

/**
 * The shape every rule in this pack has. A rule is a plain @pulumi/policy policy object
 * plus the metadata this project requires of every rule (see policy/README.md).
 */
import { ResourceValidationPolicy, Severity, StackValidationPolicy } from "@pulumi/policy";

/** What a rule protects; decides its default enforcement per environment (see policy/config.<env>.json). */
export type RuleTheme =
    | "encryption" // encryption at rest: mandatory everywhere
    | "tls" // encryption in transit: mandatory everywhere
    | "exposure" // public exposure: mandatory everywhere
    | "identity" // IMDSv2, IRSA trust: mandatory everywhere
    | "data-loss" // backups, PITR, retention, deletion/termination protection, Multi-AZ: mandatory in staging and prod, advisory in dev
    | "versioning" // S3 versioning and replication: mandatory everywhere
    | "logging" // audit and access logs: mandatory everywhere
    | "kubernetes" // workload hygiene: mandatory everywhere
    | "residency"; // where data may be stored: mandatory everywhere

export interface RuleMetadata {
    /** Unique, kebab-case, prefixed by the service: e.g. `rds-instance-storage-encrypted`. */
    name: string;
    description: string;
    severity: Severity;
    theme: RuleTheme;
    /** Ids of the trusted scanners' equivalent checks (Checkov CKV_*, Trivy AVD-*, AWS FSBP control, Prowler check), or [] where none exists. */
    anchors: string[];
    /** What to change in the program to comply. */
    remediationSteps: string;
}

export type PlatformResourcePolicy = ResourceValidationPolicy & RuleMetadata & { anchors: string[]; theme: RuleTheme };
export type PlatformStackPolicy = StackValidationPolicy & RuleMetadata & { anchors: string[]; theme: RuleTheme };
export type PlatformPolicy = PlatformResourcePolicy | PlatformStackPolicy;

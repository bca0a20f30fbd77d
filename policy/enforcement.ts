/**
 * How strictly each rule is enforced per environment, and the `--policy-pack-config` file that says so.
 *
 * This is the only place that branches on environment names: every other part of the pack takes the
 * environment as a plain string and asks this module.
 */
import { EnforcementLevel, PolicyPackConfig } from "@pulumi/policy";
import { mergedPolicyConfig } from "./lib/args";
import { PlatformPolicy } from "./lib/rule";
import { allRules } from "./rules";

interface EnvironmentPolicy {
    /** Enforcement of the data-loss theme (backups, snapshots, deletion protection, Multi-AZ). */
    dataLoss: EnforcementLevel;
    /** Rule config that differs from the rule's configSchema defaults. */
    config: Record<string, Record<string, unknown>>;
}

/** Dev stacks are disposable, so losing their data is a warning there; staging and prod enforce. */
const ENVIRONMENTS: Record<string, EnvironmentPolicy> = {
    dev: { dataLoss: "advisory", config: { "rds-instance-backup-retention": { minimumDays: 1 } } },
    staging: { dataLoss: "mandatory", config: { "rds-instance-backup-retention": { minimumDays: 7 } } },
    prod: {
        dataLoss: "mandatory",
        config: {
            "rds-instance-backup-retention": { minimumDays: 14 },
            "stack-backup-vault-locked": { requireComplianceMode: true },
            "stack-restore-testing": { required: true },
        },
    },
};

export const environments: string[] = Object.keys(ENVIRONMENTS);

function environment(env: string): EnvironmentPolicy {
    const found = ENVIRONMENTS[env];
    if (found === undefined) {
        throw new Error(`unknown environment ${JSON.stringify(env)}: expected one of ${environments.join(", ")}`);
    }
    return found;
}

/** Data-loss rules follow the environment; every other theme is mandatory everywhere. */
export function enforcementLevelFor(rule: PlatformPolicy, env: string): EnforcementLevel {
    const { dataLoss } = environment(env);
    return rule.theme === "data-loss" ? dataLoss : "mandatory";
}

/**
 * Rule config that comes from the stack's own configuration rather than from this file (e.g. the
 * stack-data-residency rule's allowedRegions, from `platform:residency`): by rule name.
 * policy/scripts/stackRuleConfig.ts reads it from Pulumi.<env>.yaml.
 */
export type StackRuleConfig = Record<string, Record<string, unknown>>;

/** The config of one rule in one environment: its configSchema defaults, the environment's overrides, then the stack's. */
export function ruleConfigFor(rule: PlatformPolicy, env: string, stack: StackRuleConfig = {}): Record<string, unknown> {
    return mergedPolicyConfig(rule, { ...environment(env).config[rule.name], ...stack[rule.name] });
}

/**
 * The JSON for `pulumi preview --policy-pack-config`: `all` first, then one entry per rule with its
 * enforcement level and config, so the file states every rule's level instead of relying on defaults.
 */
export function policyPackConfig(env: string, rules: PlatformPolicy[] = allRules, stack: StackRuleConfig = {}): PolicyPackConfig {
    const overrides = environment(env).config;
    for (const name of [...Object.keys(overrides), ...Object.keys(stack)]) {
        if (!rules.some((rule) => rule.name === name)) {
            throw new Error(`environment ${env} configures ${name}, which is not a rule of the pack`);
        }
    }
    const config: PolicyPackConfig = { all: "mandatory" };
    for (const rule of [...rules].sort((a, b) => a.name.localeCompare(b.name))) {
        config[rule.name] = { enforcementLevel: enforcementLevelFor(rule, env), ...ruleConfigFor(rule, env, stack) };
    }
    return config;
}

/** Where the config file of an environment lives, relative to the policy pack. */
export function configFileName(env: string): string {
    environment(env);
    return `config.${env}.json`;
}

/** The exact text written to policy/config.<env>.json. */
export function policyPackConfigText(env: string, rules: PlatformPolicy[] = allRules, stack: StackRuleConfig = {}): string {
    return `${JSON.stringify(policyPackConfig(env, rules, stack), null, 2)}\n`;
}

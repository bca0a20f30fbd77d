/**
 * Rule config taken from a stack's own configuration, for policy/config.<env>.json: today the
 * stack-data-residency rule's allowedRegions, from `platform:residency` in Pulumi.<env>.yaml. Generating
 * it (rather than reading a stack output or tag at policy time) gives the offline gate and
 * `pulumi preview --policy-pack-config` the same map; policy/tests/enforcement.spec.ts fails while a
 * committed config file differs from its stack file.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { residencySchema } from "../../config/sections/dr/residency";
import { drTargetsSchema } from "../../config/sections/dr/targets";
import { runbookMinutes } from "../lib/drObjectives";
import type { StackRuleConfig } from "../enforcement";

export const REPOSITORY_ROOT = path.resolve(__dirname, "..", "..");

export function stackRuleConfig(env: string, rootDir: string = REPOSITORY_ROOT): StackRuleConfig {
    const file = path.join(rootDir, `Pulumi.${env}.yaml`);
    const stack = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
    const result: StackRuleConfig = {};
    const raw = stack?.config?.["platform:residency"];
    if (raw !== undefined) {
        // The stack's validation reports a bad section with its key; here it only must not be half-read.
        const residency = residencySchema.parse(raw);
        const allowedRegions = Object.fromEntries(Object.entries(residency.allowedRegions).filter(([, regions]) => regions !== undefined));
        result["stack-data-residency"] = { allowedRegions };
    }
    const targets = stack?.config?.["platform:drTargets"];
    if (targets !== undefined) {
        const { rpoMinutes, rtoMinutes } = drTargetsSchema.parse(targets);
        const failoverRunbookMinutes = runbookMinutes(fs.readFileSync(path.join(rootDir, FAILOVER_RUNBOOK), "utf8"));
        result["stack-dr-objectives"] = { rpoMinutes, rtoMinutes, ...(failoverRunbookMinutes !== undefined ? { failoverRunbookMinutes } : {}) };
    }
    return result;
}

/** The runbook whose total minutes is the achievable RTO. */
export const FAILOVER_RUNBOOK = path.join("docs", "runbooks", "regional-failover.md");

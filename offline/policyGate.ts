/**
 * The offline policy gate: evaluates the whole CrossGuard pack (resource and stack policies) against a
 * synthesis, with the same `policy/config.<stack>.json` that `pulumi preview --policy-pack-config` uses.
 * Kept apart from the preview CLI so tests run exactly the same gate.
 */
import * as fs from "fs";
import * as path from "path";
import { evaluatePolicies } from "../policy/evaluate";
import { PolicyViolation, SynthesisResult } from "./types";

export interface GateResult {
    violations: PolicyViolation[];
    mandatoryCount: number;
    /** The policy config file used, or undefined when the stack has none (every rule at its pack default, mandatory). */
    configFile?: string;
    elapsedMs: number;
}

export function policyConfigPath(rootDir: string, stack: string): string {
    return path.join(rootDir, "policy", `config.${stack}.json`);
}

export async function runPolicyGate(result: SynthesisResult, rootDir: string): Promise<GateResult> {
    const started = process.hrtime.bigint();
    const configFile = policyConfigPath(rootDir, result.stack);
    const exists = fs.existsSync(configFile);
    const config = exists ? JSON.parse(fs.readFileSync(configFile, "utf8")) : {};
    const violations = await evaluatePolicies(result.resources, { stack: result.stack, config });
    return {
        violations,
        mandatoryCount: violations.filter((v) => v.enforcementLevel === "mandatory").length,
        configFile: exists ? configFile : undefined,
        elapsedMs: Number(process.hrtime.bigint() - started) / 1e6,
    };
}

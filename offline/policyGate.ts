/**
 * The offline policy gate: evaluates the CrossGuard pack against a synthesis with the stack's policy config.
 * Kept apart from the preview CLI so tests run exactly the same gate.
 */
import { PolicyViolation, SynthesisResult } from "./types";

export interface GateResult {
    violations: PolicyViolation[];
    mandatoryCount: number;
}

export async function runPolicyGate(_result: SynthesisResult): Promise<GateResult> {
    // Wired to policy/evaluate.ts once the pack lands.
    return { violations: [], mandatoryCount: 0 };
}

/**
 * The policy gate on real syntheses: every stack passes with zero mandatory violations, and the gate bites:
 * breaking one guarded property of a real prod resource per theme makes the named rule fire, mandatory.
 */
import * as assert from "assert";
import { runPolicyGate } from "../../offline/policyGate";
import { PROJECT_ROOT } from "../../offline/synthesize";
import { STACKS, synthesizeStack } from "../support/synthesis";
import { broken, MUTATIONS } from "./mutations";

describe("policy gate on synthesized stacks", () => {
    for (const stack of STACKS) {
        it(`${stack} passes with zero mandatory violations`, async () => {
            const gate = await runPolicyGate(await synthesizeStack(stack), PROJECT_ROOT);
            const mandatory = gate.violations.filter((v) => v.enforcementLevel === "mandatory");
            assert.deepStrictEqual(mandatory.map((v) => `${v.policy}: ${v.message}`), []);
            assert.ok(gate.configFile?.endsWith(`config.${stack}.json`));
        });
    }

    for (const c of MUTATIONS) {
        it(`bites on ${c.theme}: ${c.rule}`, async () => {
            const prod = await synthesizeStack("prod");
            const {
                result,
                targets: [target],
            } = broken(prod, [c]);
            const gate = await runPolicyGate(result, PROJECT_ROOT);
            const fired = gate.violations.filter((v) => v.policy.startsWith(c.rule) && v.urn === target.urn);
            assert.ok(fired.length > 0, `${c.rule} did not fire on ${target.name}; violations: ${gate.violations.map((v) => v.policy).join(", ")}`);
            assert.ok(fired.every((v) => v.enforcementLevel === "mandatory"));
            assert.ok(gate.mandatoryCount > 0, "the preview would exit 1");
        });
    }
});

/**
 * Every chart of every stack is released the same way (components/helm.ts): a failed install or upgrade rolls
 * back and cleans up (a half-applied release would block the next `pulumi up`), revisions are kept for
 * `helm rollback`, pods get at least ten minutes to become ready, and the chart version is pinned.
 */
import * as assert from "assert";
import { ofType, STACKS, synthesizeStack } from "../support/synthesis";

describe("Helm releases: one release policy", () => {
    for (const stack of STACKS) {
        it(`${stack}: atomic, cleaned up on failure, history kept, at least 600 s, pinned`, async () => {
            const releases = ofType(await synthesizeStack(stack), "kubernetes:helm.sh/v3:Release");
            assert.ok(releases.length >= 5, `${stack}: expected the platform's charts, found ${releases.length}`);
            for (const r of releases) {
                const where = `${stack} ${r.name} (${r.inputs.chart})`;
                assert.strictEqual(r.inputs.atomic, true, `${where}: atomic`);
                assert.strictEqual(r.inputs.cleanupOnFail, true, `${where}: cleanupOnFail`);
                assert.ok(r.inputs.maxHistory >= 1 && r.inputs.maxHistory <= 20, `${where}: maxHistory ${r.inputs.maxHistory}`);
                assert.ok(r.inputs.timeout >= 600, `${where}: timeout ${r.inputs.timeout}`);
                assert.match(String(r.inputs.version), /^v?\d+\.\d+\.\d+$/, `${where}: version pinned exactly`);
            }
        });
    }
});

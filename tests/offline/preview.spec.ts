/**
 * The offline preview as users run it: every stack synthesizes, the JSON document has the promised shape with
 * secrets masked, and the CLI's exit codes hold.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../../config";
import { countByType, renderTree, toJsonDocument } from "../../offline/render";
import { maskSecrets, SECRET_MASK } from "../../offline/secrets";
import { UnknownStackError } from "../../offline/stackFiles";
import { PROJECT_ROOT, synthesize } from "../../offline/synthesize";
import { STACKS, synthesizeStack } from "../support/synthesis";

function runPreview(args: string[], cwd = PROJECT_ROOT) {
    return spawnSync(process.execPath, ["-r", path.join(PROJECT_ROOT, "scripts", "register.js"), path.join(PROJECT_ROOT, "scripts", "preview.ts"), ...args], { cwd, encoding: "utf8" });
}

describe("offline preview", () => {
    for (const stack of STACKS) {
        it(`synthesizes ${stack} with a stack root, providers and every component`, async () => {
            const result = await synthesizeStack(stack);
            assert.strictEqual(result.project, "platform");
            assert.strictEqual(result.stack, stack);
            const root = result.resources.filter((r) => r.parent === undefined);
            assert.deepStrictEqual(root.map((r) => r.type), ["pulumi:pulumi:Stack"]);
            for (const type of ["platform:secrets:Keys", "platform:network:Network", "platform:cluster:Cluster", "platform:cluster:KubernetesBaseline"]) {
                assert.ok(result.resources.some((r) => r.type === type), `${stack} has no ${type}`);
            }
            // Every component's children are named after it.
            const byUrn = new Map(result.resources.map((r) => [r.urn, r]));
            for (const resource of result.resources) {
                const parent = resource.parent ? byUrn.get(resource.parent) : undefined;
                if (parent && parent.type.startsWith("platform:")) {
                    assert.ok(resource.name.startsWith(`${parent.name}-`), `${resource.name} is not prefixed by its parent ${parent.name}`);
                }
            }
        });
    }

    it("renders a tree nested under parents and counts per type", async () => {
        const result = await synthesizeStack("dev");
        const tree = renderTree(result).split("\n");
        assert.match(tree[0], /^\+ pulumi:pulumi:Stack\s+platform-dev$/);
        assert.ok(tree.some((line) => /^ {6}\+ aws:ec2\/vpc:Vpc\s+dev-use1-network-vpc$/.test(line)), "VPC nested two levels down");
        const counts = new Map(countByType(result.resources));
        assert.strictEqual(counts.get("kubernetes:core/v1:ResourceQuota"), 7);
        assert.strictEqual([...counts.values()].reduce((a, b) => a + b, 0), result.resources.length);
    });

    it("writes the documented JSON shape with options from the register requests and secrets masked", async () => {
        const result = await synthesizeStack("prod");
        const doc = JSON.parse(JSON.stringify(toJsonDocument(result, []))) as any;
        assert.deepStrictEqual(Object.keys(doc), ["project", "stack", "resources", "violations"]);
        for (const resource of doc.resources) {
            assert.deepStrictEqual(Object.keys(resource.options), ["protect", "retainOnDelete", "ignoreChanges", "dependsOn"]);
        }
        const key = doc.resources.find((r: any) => r.type === "aws:kms/key:Key");
        assert.strictEqual(key.region, "us-east-1");
        assert.deepStrictEqual([key.options.protect, key.options.retainOnDelete], [true, true]);
        // Kubeconfigs are one secret stack output; the per-region outputs stay readable.
        const outputs = maskSecrets(result.outputs);
        assert.strictEqual(outputs.kubeconfigs, SECRET_MASK);
        assert.deepStrictEqual(outputs.regions.map((r: any) => r.region), ["us-east-1", "us-west-2"]);
        assert.ok(outputs.regions.every((r: any) => /^vpc-/.test(r.vpcId) && !("kubeconfig" in r)));
    });

    it("refuses an unknown stack and bad config in-process with typed errors", async () => {
        await assert.rejects(synthesize({ stack: "qa" }), (error: unknown) => error instanceof UnknownStackError && /available: dev, prod, staging/.test(error.message));
        await assert.rejects(
            synthesize({ stack: "dev", overrides: { regions: [{ name: "us-east-1", role: "primary", vpcCidr: "10.10.0.0/16", azCount: 2, natStrategy: "nat" }] } }),
            (error: unknown) => error instanceof ConfigError && error.problems.some((p) => p.key === "platform:regions[0].natStrategy"),
        );
    });

    describe("command line", () => {
        it("exits 2 with a one-line reason for an unknown stack", () => {
            const run = runPreview(["qa"]);
            assert.strictEqual(run.status, 2);
            assert.strictEqual(run.stderr.trim().split("\n").length, 1);
            assert.match(run.stderr, /unknown stack "qa"/);
        });

        it("exits 2 with a one-line reason naming the key for bad config", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-preview-"));
            fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
            const dev = fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.dev.yaml"), "utf8").replace(/awsAccountId: .*/, "awsAccountId: '12345'");
            fs.writeFileSync(path.join(dir, "Pulumi.broken.yaml"), dev.replace(/platform:environment: dev/, "platform:environment: broken"));
            const run = runPreview(["broken", "--root", dir]);
            assert.strictEqual(run.status, 2, run.stderr);
            assert.strictEqual(run.stderr.trim().split("\n").length, 1);
            assert.match(run.stderr, /platform:awsAccountId: expected a 12-digit AWS account id \(found "12345"\)/);
        });

        it("exits 2 on bad usage", () => {
            assert.strictEqual(runPreview([]).status, 2);
            assert.strictEqual(runPreview(["dev", "--colour"]).status, 2);
        });
    });
});

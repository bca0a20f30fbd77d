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
import { runPreview as runPreviewInProcess } from "../../scripts/preview";
import { STACKS, synthesizeStack } from "../support/synthesis";

/** A project directory with Pulumi.yaml, the given stack files (stack name -> YAML text) and this repository's program. */
const temporaryDirs: string[] = [];
function projectCopy(stacks: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-input-"));
    temporaryDirs.push(dir);
    fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.symlinkSync(path.join(PROJECT_ROOT, "index.ts"), path.join(dir, "index.ts"));
    for (const [stack, text] of Object.entries(stacks)) {
        fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), text);
    }
    return dir;
}

function runPreview(args: string[], cwd = PROJECT_ROOT) {
    return spawnSync(process.execPath, ["-r", path.join(PROJECT_ROOT, "scripts", "register.js"), path.join(PROJECT_ROOT, "scripts", "preview.ts"), ...args], { cwd, encoding: "utf8" });
}

describe("offline preview", () => {
    after(() => temporaryDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

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
        // One per service namespace plus the gateway's.
        assert.strictEqual(counts.get("kubernetes:core/v1:ResourceQuota"), 8);
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

        it("exits 2 with one line per problem and no stack trace for a YAML syntax error and for a bad --json path", () => {
            const dir = projectCopy({ dev: "config:\n  platform:owner: \"unclosed\n" });
            const yaml = runPreview(["dev", "--root", dir]);
            assert.strictEqual(yaml.status, 2, yaml.stderr);
            assert.match(yaml.stderr.trim(), /^preview: \S*Pulumi\.dev\.yaml:\d+:\d+: Missing closing "quote$/);
            const json = runPreview(["dev", "--json", os.tmpdir()]);
            assert.strictEqual(json.status, 2);
            assert.match(json.stderr.trim(), /^preview: --json \S+: is a directory; expected a file path$/);
        });
    });

    describe("bad input, in-process through the CLI's own function: one line each, exit 2, nothing registered", () => {
        async function preview(args: string[]) {
            const err: string[] = [];
            let registered = 0;
            let monitorSeen = false;
            const code = await runPreviewInProcess(args, { out: () => undefined, err: (line) => err.push(line) }, {
                onMonitor: (monitor) => {
                    monitorSeen = true;
                    registered = monitor.registrations.length;
                },
            });
            return { code, err, registered, monitorSeen };
        }
        const devText = () => fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.dev.yaml"), "utf8");

        const yamlCases: Array<[string, string, RegExp]> = [
            ["an unclosed quote", devText().replace(/platform:owner: .*/, 'platform:owner: "open'), /Pulumi\.dev\.yaml:\d+:\d+: Missing closing "quote/],
            ["tab indentation", devText().replace("  platform:owner", "\tplatform:owner"), /Pulumi\.dev\.yaml:\d+:1: Tabs are not allowed as indentation/],
            ["an unresolved alias", devText().replace(/platform:owner: .*/, "platform:owner: *team"), /Pulumi\.dev\.yaml:\d+:\d+: unresolved alias \*team/],
            ["a duplicate key", devText().replace(/(platform:owner: .*)/, "$1\n  $1"), /Pulumi\.dev\.yaml:\d+:3: Map keys must be unique/],
        ];
        for (const [name, text, expected] of yamlCases) {
            it(`a stack file with ${name}: file:line:col`, async () => {
                const run = await preview(["dev", "--root", projectCopy({ dev: text })]);
                assert.deepStrictEqual([run.code, run.err.length, run.monitorSeen], [2, 1, false], run.err.join("\n"));
                assert.match(run.err[0], expected);
            });
        }

        it("keys named like Object.prototype members and misspelled namespaces: one line per key, with a suggestion", async () => {
            const extra = ["platform:toString: 1", "platform:constructor: 1", "platform:__proto__: 1", "platform:hasOwnProperty: 1", "platform:valueOf: 1", "platfrom:logRetentionDays: 30", "Platform:owner: x"];
            const run = await preview(["dev", "--root", projectCopy({ dev: `${devText()}${extra.map((l) => `  ${l}\n`).join("")}` })]);
            assert.strictEqual(run.code, 2);
            assert.strictEqual(run.err.length, extra.length, run.err.join("\n"));
            assert.ok(run.err.some((l) => /platfrom:logRetentionDays: unknown namespace "platfrom"; did you mean platform:\?/.test(l)));
            assert.ok(run.err.some((l) => /Platform:owner: unknown namespace "Platform"; did you mean platform:\?/.test(l)));
            assert.ok(run.err.some((l) => /platform:__proto__: unknown key/.test(l)));
        });

        it("a non-string owner and a null gateway namespace are refused, not turned into the text null", async () => {
            const text = devText().replace(/platform:owner: .*/, "platform:owner: null").replace(/platform:costCenter: .*/, "platform:costCenter: [a, b]") + "  platform:gatewayNamespace: null\n";
            const run = await preview(["dev", "--root", projectCopy({ dev: text })]);
            assert.strictEqual(run.code, 2);
            assert.deepStrictEqual(run.err.map((l) => /platform:\w+/.exec(l)![0]).sort(), ["platform:costCenter", "platform:gatewayNamespace", "platform:owner"]);
        });

        it("0.0.0.0/0 for the public endpoint is a config problem, not a crash inside the Cluster component", async () => {
            const text = devText().replace("  - 203.0.113.0/24\n", "  - 0.0.0.0/0\n");
            assert.notStrictEqual(text, devText());
            const run = await preview(["dev", "--root", projectCopy({ dev: text })]);
            assert.deepStrictEqual([run.code, run.registered], [2, 0]);
            assert.match(run.err.join("\n"), /^preview: Pulumi\.dev\.yaml: platform:clusterPublicAccessCidrs: .*cover the whole internet/);
        });

        it("filesystem problems: --root missing, a file, without Pulumi.yaml; a stack file that is a directory; a malformed policy config", async () => {
            const noProject = fs.mkdtempSync(path.join(os.tmpdir(), "platform-empty-"));
            temporaryDirs.push(noProject);
            const stackDir = projectCopy({});
            fs.mkdirSync(path.join(stackDir, "Pulumi.dev.yaml"));
            const badPolicy = projectCopy({ dev: devText() });
            fs.mkdirSync(path.join(badPolicy, "policy"));
            fs.writeFileSync(path.join(badPolicy, "policy", "config.dev.json"), '{\n  "all": "mandatory",\n}\n');
            const cases: Array<[string[], RegExp]> = [
                [["dev", "--root", path.join(noProject, "missing")], /missing: no such directory$/],
                [["dev", "--root", path.join(PROJECT_ROOT, "Pulumi.yaml")], /Pulumi\.yaml: not a directory$/],
                [["dev", "--root", noProject], /not a Pulumi project \(no Pulumi\.yaml\)$/],
                [["dev", "--root", stackDir], /Pulumi\.dev\.yaml: not a regular file$/],
                [["dev", "--root", badPolicy], /config\.dev\.json:3:1: invalid JSON/],
                [["dev", "--json", path.join(noProject, "missing", "out.json")], /--json .*: cannot be written/],
            ];
            for (const [args, expected] of cases) {
                const run = await preview(args);
                assert.deepStrictEqual([run.code, run.err.length, run.monitorSeen], [2, 1, false], `${args.join(" ")}: ${run.err.join("\n")}`);
                assert.match(run.err[0], expected);
            }
        });
    });
});

/**
 * The offline gate (policy/evaluate.ts) against the analyzer `pulumi preview --policy-pack` runs
 * (@pulumi/policy's own RPC handlers, fed as the engine feeds them: tests/offline/analyzer.ts). Both see
 * the same recorded resources and the same config file; the (policy, URN, level, severity, message) sets
 * must be equal. Real stacks, the gate-bites mutations, config edge cases, and probe policies that echo
 * back everything a policy is handed (props with secrets and unknowns, options, provider, parent,
 * dependencies, config). The last block shows the comparison fails for gates that drift from the analyzer.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as aws from "@pulumi/aws";
import { PolicyResource, validateResourceOfType } from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { policyConfigPath } from "../../offline/policyGate";
import { PROJECT_ROOT } from "../../offline/synthesize";
import { SynthesisResult } from "../../offline/types";
import { evaluatePolicies } from "../../policy/evaluate";
import { PlatformPolicy, PlatformResourcePolicy, PlatformStackPolicy } from "../../policy/lib/rule";
import { UNKNOWN_STRING, withoutProxy } from "../../policy/lib/unknowns";
import { appliesOnlyTo, validateResourceOfTokens } from "../../policy/lib/validate";
import { allRules } from "../../policy/rules";
import { STACKS, synthesizeStack } from "../support/synthesis";
import { analyzerFindings, gateFindings, lines } from "./analyzer";
import { broken, MUTATIONS } from "./mutations";

function configFile(stack: string): Record<string, any> {
    return JSON.parse(fs.readFileSync(policyConfigPath(PROJECT_ROOT, stack), "utf8"));
}

async function gateLines(result: SynthesisResult, config: Record<string, any>, policies: PlatformPolicy[]): Promise<string[]> {
    return lines(gateFindings(await evaluatePolicies(result.resources, { stack: result.stack, config, policies })));
}

async function analyzerLines(result: SynthesisResult, config: Record<string, any>, policies: PlatformPolicy[]): Promise<string[]> {
    return lines(await analyzerFindings(result.resources, config, policies));
}

async function assertEqual(result: SynthesisResult, config: Record<string, any>, policies: PlatformPolicy[] = allRules): Promise<string[]> {
    const expected = await analyzerLines(result, config, policies);
    assert.deepStrictEqual(await gateLines(result, config, policies), expected);
    return expected;
}

const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

/** Resource references as the SDK hands them to the monitor: a custom resource (id and URN) and a component (URN). */
const customReference = { __pulumiResource: true, __pulumiCustomResource: true, id: pulumi.output("role-1234"), urn: pulumi.output("urn:pulumi:dev::platform::aws:iam/role:Role::ref-role") };
const componentReference = { __pulumiResource: true, __pulumiComponentResource: true, urn: pulumi.output("urn:pulumi:dev::platform::platform:network:Network::ref-network") };

/** Stable JSON of what a policy was handed, unknowns and undefined shown by name (reading unknowns through the proxy would throw). */
function echo(value: unknown): string {
    return JSON.stringify(withoutProxy(value), (_key, v) => {
        if (v === UNKNOWN_STRING) {
            return "<unknown>";
        }
        if (v === undefined) {
            return "<undefined>";
        }
        if (v !== null && typeof v === "object" && !Array.isArray(v)) {
            return Object.fromEntries(Object.keys(v).sort().map((k) => [k, withoutProxy(v[k])]));
        }
        return v;
    });
}

const metadata = { severity: "low" as const, theme: "logging" as const, anchors: [], remediationSteps: "none" };

/** Reports, on every resource, everything the resource policy was handed. */
const echoResourceArgs: PlatformResourcePolicy = {
    ...metadata,
    name: "probe-echo-resource-args",
    description: "Echoes a resource policy's arguments.",
    enforcementLevel: "advisory",
    validateResource: (args, report) => {
        const provider = args.provider && { type: args.provider.type, urn: args.provider.urn, name: args.provider.name, props: args.provider.props };
        report(echo({ type: args.type, name: args.name, urn: args.urn, props: args.props, opts: args.opts, provider, kmsKey: args.isType(aws.kms.Key), config: args.getConfig() }));
    },
};

/** Reports, per resource, the graph and options a stack policy sees; then a URN outside the stack and none. */
const echoStackGraph: PlatformStackPolicy = {
    ...metadata,
    name: "probe-echo-stack-graph",
    description: "Echoes a stack policy's resources.",
    enforcementLevel: "advisory",
    validateStack: (args, report) => {
        const urns = (list: PolicyResource[]) => list.map((r) => r.urn);
        for (const r of args.resources) {
            const propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, urns(v)]));
            report(echo({ parent: r.parent?.urn, dependencies: urns(r.dependencies), propertyDependencies, opts: r.opts, provider: r.provider?.urn, props: r.props }), r.urn);
        }
        report("not a resource of this stack", "urn:pulumi:dev::platform::aws:s3/bucket:Bucket::elsewhere");
        report("about the whole stack");
    },
};

/** Per-policy config: schema defaults overlaid with the config file's options; no level of its own. */
const configured: PlatformResourcePolicy = {
    ...metadata,
    name: "probe-configured",
    description: "Echoes its config.",
    enforcementLevel: undefined as any,
    configSchema: { properties: { threshold: { type: "number", default: 3 }, names: { type: "array", items: { type: "string" }, default: ["a"] }, note: { type: "string" } } },
    validateResource: validateResourceOfType(aws.kms.Key, (_key, args, report) => report(echo(args.getConfig()))),
};

/** Reports, then reads a value that may be unknown: the report stands beside the "can't run". */
const readsUnknown: PlatformResourcePolicy = {
    ...metadata,
    name: "probe-reads-unknown",
    description: "Reads values that may be unknown.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateResourceOfType(aws.rds.Instance, (db, _args, report) => {
            report("before reading");
            report(`storageEncrypted ${db.storageEncrypted}`);
        }),
        validateResourceOfTokens(["aws:ec2/launchTemplate:LaunchTemplate", "aws:rds/instance:Instance"], (props, _args, report) => report(`metadata ${echo(props.metadataOptions?.httpTokens)}`)),
    ],
};

const typedStack = (name: string, token: string): PlatformStackPolicy => {
    const validateStack: any = (_args: unknown, report: (m: string) => void) => report(`ran for ${token}`);
    validateStack.__pulumiType = token;
    return { ...metadata, name, description: `Runs only when the stack has a ${token}.`, enforcementLevel: "mandatory", validateStack };
};

const PROBES: PlatformPolicy[] = [
    echoResourceArgs,
    echoStackGraph,
    configured,
    readsUnknown,
    typedStack("probe-typed-stack-present", "aws:kms/key:Key"),
    typedStack("probe-typed-stack-absent", "aws:nothing/none:None"),
];

/** A dev stack with computed (unknown) values and secrets where policies read them. */
function withUnknownsAndSecrets(dev: SynthesisResult): SynthesisResult {
    return broken(dev, [
        { theme: "", rule: "", type: "aws:rds/instance:Instance", mutate: (r) => Object.assign(r.inputs, { storageEncrypted: UNKNOWN_STRING, kmsKeyId: UNKNOWN_STRING, tags: secret({ team: "data" }), references: [customReference, { component: componentReference }] }) },
        { theme: "", rule: "", type: "aws:ec2/launchTemplate:LaunchTemplate", mutate: (r) => (r.inputs.metadataOptions = { ...r.inputs.metadataOptions, httpTokens: UNKNOWN_STRING }) },
        { theme: "", rule: "", type: "aws:kms/key:Key", mutate: (r) => Object.assign(r, { inputs: { ...r.inputs, enableKeyRotation: secret(false) }, options: { ...r.options, customTimeouts: { create: "1h30m", delete: "2.5s" } } }) },
        { theme: "", rule: "", type: "aws:s3/bucketVersioning:BucketVersioning", mutate: (r) => (r.inputs.versioningConfiguration = UNKNOWN_STRING) },
        { theme: "", rule: "", type: "aws:elasticache/replicationGroup:ReplicationGroup", mutate: (r) => (r.inputs.securityGroupIds = [secret("sg-1"), UNKNOWN_STRING, undefined]) },
        { theme: "", rule: "", type: "aws:s3/bucketVersioning:BucketVersioning", pick: (r) => r.name.includes("assets"), mutate: (r) => (r.inputs.versioningConfiguration = { status: "Enabled", mfaDelete: undefined }) },
    ]).result;
}

/** The config file's edge cases: `all` as an object, remediate, disabled, options with and without a level, strangers. */
function edgeConfig(stack: string): Record<string, any> {
    return {
        ...configFile(stack),
        all: { enforcementLevel: "advisory" },
        "rds-instance-storage-encrypted": "remediate",
        "kms-key-rotation": { enforcementLevel: "disabled" },
        "kms-key-deletion-window": { enforcementLevel: "mandatory", minimumDays: 30 },
        "rds-instance-backup-retention": { minimumDays: 30 },
        "probe-configured": { threshold: 5 },
        "probe-echo-stack-graph": "mandatory",
        "not-a-policy-of-this-pack": "advisory",
        environments: [],
    };
}

const EDGE_PACK = [...allRules, configured, echoStackGraph];
let edgeRun: Promise<{ dev: SynthesisResult; file: Record<string, any>; expected: string[] }> | undefined;

/** The analyzer's findings on mutated dev with the edge-case config (computed once, shared by the tests that need it). */
function edgeCases() {
    return (edgeRun ??= (async () => {
        const dev = broken(await synthesizeStack("dev"), MUTATIONS).result;
        const file = edgeConfig("dev");
        return { dev, file, expected: await analyzerLines(dev, file, EDGE_PACK) };
    })());
}

describe("offline gate equals the analyzer the Pulumi CLI runs", function () {
    this.timeout(120_000);

    for (const stack of STACKS) {
        it(`${stack}: the whole pack with its config file`, async () => {
            await assertEqual(await synthesizeStack(stack), configFile(stack));
        });
    }

    it("prod with every gate-bites mutation", async () => {
        const found = await assertEqual(broken(await synthesizeStack("prod"), MUTATIONS).result, configFile("prod"));
        for (const m of MUTATIONS) {
            assert.ok(found.some((line) => line.startsWith(`${m.rule} |`)), `${m.rule} did not fire`);
        }
    });

    it("config edge cases on mutated dev: all as an object, remediate, disabled, per-policy options", async () => {
        const { dev, file, expected } = await edgeCases();
        assert.deepStrictEqual(await gateLines(dev, file, EDGE_PACK), expected);
        assert.ok(expected.some((line) => /^rds-instance-storage-encrypted \|.*\| mandatory \|/.test(line)), "remediate is reported as mandatory");
        assert.ok(!expected.some((line) => line.startsWith("kms-key-rotation |")), "disabled rules do not run");
        assert.ok(expected.some((line) => /^kms-key-deletion-window \|.*\| mandatory \|.*at least 30/.test(line)), "per-policy options and level apply");
        assert.ok(expected.some((line) => /^probe-configured \|.*\| advisory \|.*"names":\["a"\],"threshold":5/.test(line)), "defaults overlaid with options, level from all");
        assert.ok(expected.some((line) => line.startsWith("probe-echo-stack-graph |") && line.includes("| mandatory |")), "a level string overrides all");
    });

    it("what policies are handed: unknowns, secrets, resource references, options (custom timeouts), providers, components, parents and dependencies", async () => {
        const dev = withUnknownsAndSecrets(await synthesizeStack("dev"));
        const found = await assertEqual(dev, { "probe-configured": { note: "from the file" } }, [...allRules, ...PROBES]);
        assert.ok(found.some((line) => line.startsWith("probe-reads-unknown |") && line.includes("can't run policy 'probe-reads-unknown'")), "an unknown read is a can't-run");
        assert.ok(found.some((line) => line.includes('"references":["role-1234",{"component":"urn:pulumi:dev::platform::platform:network:Network::ref-network"}]')), "resource references are ids, or URNs for components");
        assert.ok(found.some((line) => line.includes('"provider":{"name":"dev-use1-aws"')), "resources see their provider");
        assert.ok(found.some((line) => line.startsWith("probe-typed-stack-present |")) && !found.some((line) => line.startsWith("probe-typed-stack-absent |")));
        assert.ok(found.some((line) => line.startsWith("probe-echo-stack-graph | <stack> |")));
        assert.ok(found.some((line) => line.startsWith("kms-key-rotation |") && line.includes("(found: false)")), "secrets are revealed");
        assert.ok(found.some((line) => line.includes('"customTimeouts":{"createSeconds":5400,"deleteSeconds":2.5,"updateSeconds":0}')), "custom timeouts in seconds");
    });

    it("a policy that throws fails the run on both sides", async () => {
        const throws: PlatformResourcePolicy = {
            ...metadata,
            name: "probe-throws",
            description: "Throws on KMS keys.",
            enforcementLevel: "advisory",
            validateResource: validateResourceOfType(aws.kms.Key, () => {
                throw new Error("boom");
            }),
        };
        const found = await assertEqual(await synthesizeStack("dev"), {}, [throws]);
        assert.ok(found.length > 0 && found.every((line) => / \| mandatory \| low \| <policy threw>$/.test(line)));
    });

    describe("the comparison bites: gates that drift from the analyzer are caught", () => {
        const drifts: Array<{ drift: string; config: (c: Record<string, any>) => Record<string, any> }> = [
            { drift: "ignores the levels in the config file", config: (c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, typeof v === "object" ? { ...v, enforcementLevel: undefined } : undefined])) },
            { drift: "ignores `all`", config: ({ all: _all, ...rest }) => rest },
            { drift: "ignores per-policy options", config: (c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, typeof v === "object" && !Array.isArray(v) && v.enforcementLevel ? v.enforcementLevel : v])) },
        ];
        for (const { drift, config } of drifts) {
            it(`a gate that ${drift}`, async () => {
                const { dev, file, expected } = await edgeCases();
                assert.notDeepStrictEqual(await gateLines(dev, config(file), EDGE_PACK), expected);
            });
        }

        it("a gate that skips a validation its type tag wrongly excludes", async () => {
            const mistagged: PlatformResourcePolicy = { ...echoResourceArgs, name: "probe-mistagged", validateResource: appliesOnlyTo(["aws:kms/key:Key"], (_args, report) => report("on every type")) };
            const dev = await synthesizeStack("dev");
            assert.notDeepStrictEqual(await gateLines(dev, {}, [mistagged]), await analyzerLines(dev, {}, [mistagged]));
        });
    });
});

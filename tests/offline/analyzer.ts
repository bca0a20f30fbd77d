/**
 * The reference the offline gate is checked against: @pulumi/policy's own analyzer (the code
 * `pulumi preview --policy-pack` runs), driven in-process through its RPC handlers, with the requests
 * built as the Pulumi engine (v3.248) builds them. No CLI, no gRPC server.
 *
 * What the engine does is transcribed here from its Go source, independently of policy/evaluate.ts:
 * - config: `pkg/resource/analyzer/config.go` (parse the file, fill schema defaults, apply `all`, then
 *   per-policy entries) and `Configure` in `sdk/go/common/resource/plugin/analyzer_plugin.go`;
 * - properties: the program's inputs as the SDK puts them on the wire (`serializeProperties`), then
 *   `MarshalProperties` with KeepUnknowns, KeepSecrets, SkipInternalKeys and without KeepResources
 *   (a resource reference becomes its id, or its URN when it has none);
 * - requests: `analyzeAll` and `AnalyzeResources` in `pkg/resource/deploy/step_generator.go` (name from
 *   the URN, options, the provider's inputs, parent, dependencies, non-empty property dependencies);
 * - diagnostics: a resource diagnostic belongs to the analyzed resource; a stack diagnostic keeps its
 *   URN only when that URN is in the stack (otherwise it goes to the root stack: `urn` undefined).
 */
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { serializeProperties, specialResourceSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { PolicyViolation, SynthesizedResource } from "../../offline/types";
import { PlatformPolicy } from "../../policy/lib/rule";

const server = require("@pulumi/policy/server");
const protoutil = require("@pulumi/policy/protoutil");
const grpc = require("@grpc/grpc-js");

/** What `policy/index.ts` and `policy/package.json` give the analyzer when the CLI loads the pack. */
export const PACK = { name: "platform-policy", version: "0.1.0", enforcementLevel: "mandatory" } as const;

/** One reported violation, reduced to what both sides must agree on. */
export interface Finding {
    policy: string;
    /** The offending resource; undefined for the root stack. */
    urn?: string;
    enforcementLevel: string;
    severity?: string;
    message: string;
}

// ---------------------------------------------------------------------------------------------
// The analyzer's configure handler is not exported: `serve` registers it with a gRPC server. Capture
// it by letting `serve` run once with a server that records its handlers and never listens.
// ---------------------------------------------------------------------------------------------
let configureHandler: ((call: any, callback: (err: any, resp: any) => void) => Promise<void>) | undefined;

function analyzerConfigure(): NonNullable<typeof configureHandler> {
    if (configureHandler === undefined) {
        const proto = grpc.Server.prototype;
        const { addService, bindAsync } = proto;
        proto.addService = function (_service: unknown, implementation: any) {
            configureHandler = implementation.configure;
        };
        proto.bindAsync = () => undefined;
        try {
            server.serve(PACK.name, PACK.version, PACK.enforcementLevel, { policies: [] }, undefined);
        } finally {
            proto.addService = addService;
            proto.bindAsync = bindAsync;
        }
        if (configureHandler === undefined) {
            throw new Error("@pulumi/policy's serve() registered no configure handler");
        }
    }
    return configureHandler;
}

function call<T>(handler: (call: any, callback: (err: any, resp: T) => void) => unknown, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
        void handler({ request }, (err, resp) => (err ? reject(err) : resolve(resp)));
    });
}

// ---------------------------------------------------------------------------------------------
// Engine: policy pack config (pkg/resource/analyzer/config.go).
// ---------------------------------------------------------------------------------------------
const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

interface EngineConfig {
    enforcementLevel?: string;
    properties?: Record<string, any>;
}

/** parsePolicyPackConfig: a level string, or an object whose `enforcementLevel` is split off. */
function parseConfigFile(file: Record<string, any>): Record<string, EngineConfig> {
    const result: Record<string, EngineConfig> = {};
    for (const [key, value] of Object.entries(file)) {
        if (key === "environments") {
            continue;
        }
        let enforcementLevel: string | undefined;
        let properties: Record<string, any> | undefined;
        if (typeof value === "string") {
            enforcementLevel = value;
        } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            const { enforcementLevel: level, ...rest } = value;
            enforcementLevel = level;
            properties = Object.keys(rest).length > 0 ? rest : undefined;
        } else {
            throw new Error(`parsing "${key}": not a string or object`);
        }
        if (enforcementLevel !== undefined && !LEVELS.includes(enforcementLevel)) {
            throw new Error(`parsing enforcement level for "${key}": "${enforcementLevel}" is not a valid enforcement level`);
        }
        if (enforcementLevel !== undefined || properties !== undefined) {
            result[key] = { enforcementLevel, properties };
        }
    }
    return result;
}

/** ReconcilePolicyPackConfig, from the analyzer's own GetAnalyzerInfo answer (makeAnalyzerInfo). */
function reconcile(policies: PlatformPolicy[], file: Record<string, any>): Record<string, EngineConfig> {
    const info = protoutil.makeAnalyzerInfo(PACK.name, PACK.version, PACK.enforcementLevel, { policies }, undefined);
    const result: Record<string, EngineConfig> = {};
    for (const policy of info.getPoliciesList()) {
        const schema = policy.getConfigschema()?.getProperties()?.toJavaScript() ?? {};
        let properties: Record<string, any> | undefined;
        for (const [key, property] of Object.entries<any>(schema)) {
            if (property !== null && typeof property === "object" && "default" in property) {
                properties ??= {};
                properties[key] = property.default;
            }
        }
        result[policy.getName()] = { enforcementLevel: protoutil.convertEnforcementLevel(policy.getEnforcementlevel()), properties };
    }
    const given = parseConfigFile(file);
    const all = given.all?.enforcementLevel;
    if (all !== undefined) {
        for (const entry of Object.values(result)) {
            entry.enforcementLevel = all;
        }
    }
    for (const [name, entry] of Object.entries(given)) {
        const current = result[name] ?? {};
        const properties = entry.properties !== undefined ? { ...(current.properties ?? {}), ...entry.properties } : current.properties;
        result[name] = { enforcementLevel: entry.enforcementLevel ?? current.enforcementLevel, properties };
    }
    return result;
}

async function configureAnalyzer(policies: PlatformPolicy[], file: Record<string, any>): Promise<void> {
    const request = new analyzerproto.ConfigureAnalyzerRequest();
    const map = request.getPolicyconfigMap();
    for (const [name, entry] of Object.entries(reconcile(policies, file))) {
        const config = new analyzerproto.PolicyConfig();
        config.setEnforcementlevel(protoutil.mapEnforcementLevel(entry.enforcementLevel));
        config.setProperties(Struct.fromJavaScript(entry.properties ?? {}));
        map.set(name, config);
    }
    await call(analyzerConfigure(), request);
}

// ---------------------------------------------------------------------------------------------
// Engine: properties, options and providers (plugin/rpc.go, analyzer_plugin.go, step_generator.go).
// ---------------------------------------------------------------------------------------------

/** MarshalPropertyValue without KeepResources: a resource reference becomes its id, or its URN. */
function engineValue(value: any): any {
    if (Array.isArray(value)) {
        return value.map(engineValue);
    }
    if (value !== null && typeof value === "object") {
        if (value[specialSigKey] === specialResourceSig) {
            return "id" in value ? engineValue(value.id) : value.urn;
        }
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, engineValue(v)]));
    }
    return value;
}

/** Encodings by inputs object: the variants a spec builds share most resources with their stack. */
const encoded = new WeakMap<Record<string, any>, Promise<Struct>>();

function engineProperties(inputs: Record<string, any>): Promise<Struct> {
    let struct = encoded.get(inputs);
    if (struct === undefined) {
        struct = encode(inputs);
        encoded.set(inputs, struct);
    }
    return struct;
}

async function encode(inputs: Record<string, any>): Promise<Struct> {
    const wire = await serializeProperties("analyzer", inputs, { keepOutputValues: false });
    const top = Object.fromEntries(Object.entries(wire).filter(([key]) => !key.startsWith("__")));
    return Struct.fromJavaScript(engineValue(top));
}

/** generateTimeoutInSeconds (source_eval.go): time.ParseDuration, then Seconds(). */
function goDurationSeconds(text: string | undefined): number {
    if (!text) {
        return 0;
    }
    const units: Array<[string, number]> = [["ns", 1e-9], ["us", 1e-6], ["\u00b5s", 1e-6], ["\u03bcs", 1e-6], ["ms", 1e-3], ["h", 3600], ["m", 60], ["s", 1]];
    let rest = text.replace(/^[-+]/, "");
    const sign = text.startsWith("-") ? -1 : 1;
    if (rest === "0") {
        return 0;
    }
    let seconds = 0;
    while (rest.length > 0) {
        const number = /^(\d+\.?\d*|\.\d+)/.exec(rest)?.[0];
        const unit = number === undefined ? undefined : units.find(([u]) => rest.slice(number.length).startsWith(u));
        if (number === undefined || unit === undefined) {
            throw new Error(`time: invalid duration ${text}`);
        }
        seconds += Number(number) * unit[1];
        rest = rest.slice(number.length + unit[0].length);
    }
    return sign * seconds;
}

function engineOptions(resource: SynthesizedResource): analyzerproto.AnalyzerResourceOptions {
    const options = new analyzerproto.AnalyzerResourceOptions();
    options.setProtect(resource.options.protect);
    options.setIgnorechangesList(resource.options.ignoreChanges);
    const timeouts = new analyzerproto.AnalyzerResourceOptions.CustomTimeouts();
    timeouts.setCreate(goDurationSeconds(resource.options.customTimeouts?.create));
    timeouts.setUpdate(goDurationSeconds(resource.options.customTimeouts?.update));
    timeouts.setDelete(goDurationSeconds(resource.options.customTimeouts?.delete));
    options.setCustomtimeouts(timeouts);
    if (resource.parent) {
        options.setParent(resource.parent);
    }
    return options;
}

/** The provider a resource names (`urn::id`), with its inputs; components and providers name none. */
async function engineProvider(resource: SynthesizedResource, byUrn: Map<string, SynthesizedResource>): Promise<analyzerproto.AnalyzerProviderResource | undefined> {
    if (!resource.provider) {
        return undefined;
    }
    const urn = resource.provider.slice(0, resource.provider.lastIndexOf("::"));
    const provider = byUrn.get(urn);
    if (provider === undefined) {
        throw new Error(`provider ${urn} of ${resource.urn} was not registered`);
    }
    const message = new analyzerproto.AnalyzerProviderResource();
    message.setUrn(provider.urn);
    message.setType(provider.type);
    message.setName(nameOf(provider.urn));
    message.setProperties(await engineProperties(provider.inputs));
    return message;
}

function nameOf(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

// ---------------------------------------------------------------------------------------------
// Running the analyzer and reading its diagnostics.
// ---------------------------------------------------------------------------------------------

function findingsOf(response: any, description: Map<string, string>, urnOf: (diagnosticUrn: string) => string | undefined): Finding[] {
    return response.getDiagnosticsList().map((d: any) => {
        // The analyzer prefixes a reported message with the policy's description; "can't run" diagnostics have none.
        const prefix = `${description.get(d.getPolicyname())}\n`;
        const message: string = d.getMessage() === description.get(d.getPolicyname()) ? prefix : d.getMessage();
        return {
            policy: d.getPolicyname(),
            urn: urnOf(d.getUrn()),
            enforcementLevel: protoutil.convertEnforcementLevel(d.getEnforcementlevel()),
            severity: severityName(d.getSeverity()),
            message: message.startsWith(prefix) ? message.slice(prefix.length) : message,
        };
    });
}

function severityName(severity: number): string | undefined {
    const names: Record<number, string> = {
        [analyzerproto.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
        [analyzerproto.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
        [analyzerproto.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
        [analyzerproto.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
    };
    return names[severity];
}

/** A policy that throws makes the analyzer fail the call, and the engine the run: one mandatory finding naming it. */
function errorFinding(error: unknown, urn: string | undefined, policies: PlatformPolicy[]): Finding {
    const text = String((error as Error)?.message ?? error);
    const policy = /with policy '([^']+)'/.exec(text)?.[1] ?? "?";
    return { policy, urn, enforcementLevel: "mandatory", severity: policies.find((p) => p.name === policy)?.severity, message: "<policy threw>" };
}

/**
 * Every finding the real analyzer reports for these resources with this `--policy-pack-config` file:
 * one Analyze call per resource, then one AnalyzeStack call.
 */
export async function analyzerFindings(resources: SynthesizedResource[], configFile: Record<string, any>, policies: PlatformPolicy[]): Promise<Finding[]> {
    await configureAnalyzer(policies, configFile);
    const analyze = server.makeAnalyzeRpcFun(PACK.name, PACK.version, PACK.enforcementLevel, policies);
    const analyzeStack = server.makeAnalyzeStackRpcFun(PACK.name, PACK.version, PACK.enforcementLevel, policies);
    const description = new Map(policies.map((p) => [p.name, p.description]));
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const findings: Finding[] = [];
    const stackResources: analyzerproto.AnalyzerResource[] = [];

    for (const resource of resources) {
        const properties = await engineProperties(resource.inputs);
        const provider = await engineProvider(resource, byUrn);

        // Analyze and AnalyzeStack describe a resource with the same fields.
        const describeResource = <T extends analyzerproto.AnalyzeRequest | analyzerproto.AnalyzerResource>(message: T): T => {
            message.setUrn(resource.urn);
            message.setType(resource.type);
            message.setName(nameOf(resource.urn));
            message.setProperties(properties);
            message.setOptions(engineOptions(resource));
            if (provider) {
                message.setProvider(provider);
            }
            return message;
        };
        const request = describeResource(new analyzerproto.AnalyzeRequest());
        try {
            findings.push(...findingsOf(await call(analyze, request), description, () => resource.urn));
        } catch (error) {
            findings.push(errorFinding(error, resource.urn, policies));
        }

        const stackResource = describeResource(new analyzerproto.AnalyzerResource());
        if (resource.parent) {
            stackResource.setParent(resource.parent);
        }
        stackResource.setDependenciesList(resource.options.dependsOn);
        const dependencies = stackResource.getPropertydependenciesMap();
        for (const [property, urns] of Object.entries(resource.propertyDependencies)) {
            if (urns.length > 0) {
                const deps = new analyzerproto.AnalyzerPropertyDependencies();
                deps.setUrnsList(urns);
                dependencies.set(property, deps);
            }
        }
        stackResources.push(stackResource);
    }

    const request = new analyzerproto.AnalyzeStackRequest();
    request.setResourcesList(stackResources);
    try {
        findings.push(...findingsOf(await call(analyzeStack, request), description, (urn) => (urn && byUrn.has(urn) ? urn : undefined)));
    } catch (error) {
        findings.push(errorFinding(error, undefined, policies));
    }
    return findings;
}

/** The gate's violations as findings; a policy that threw is one mandatory finding, as in the engine. */
export function gateFindings(violations: PolicyViolation[]): Finding[] {
    return violations.map((v) => ({
        policy: v.policy,
        urn: v.urn,
        enforcementLevel: v.enforcementLevel,
        severity: v.severity,
        message: / threw on stack /.test(v.message) ? "<policy threw>" : v.message,
    }));
}

/** Findings as sorted, comparable lines. */
export function lines(findings: Finding[]): string[] {
    return findings.map((f) => `${f.policy} | ${f.urn ?? "<stack>"} | ${f.enforcementLevel} | ${f.severity ?? "-"} | ${f.message}`).sort();
}

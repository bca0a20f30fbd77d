/**
 * Validation of synthesized Kubernetes objects against upstream schemas, rejecting unknown fields.
 *
 * Where the schema comes from, for an object's `apiVersion` and `kind`, first match wins:
 *  1. a vendored CRD schema `tests/fixtures/crds/<group>/<version>/<Kind>.json` (the CRD version's
 *     `openAPIV3Schema`, with a sibling `SOURCE` file naming the upstream version and URL). Use it for kinds no
 *     package covers (Kong's `configuration.konghq.com`, Gateway API, ...) or when a package lags the pinned CRD;
 *  2. `kubernetes-models` for the built-in API groups;
 *  3. the `@kubernetes-models/*` CRD package of the group (`GROUP_PACKAGES`).
 * A kind none of them covers is reported as a problem (never skipped), saying how to add its schema.
 *
 * Unknown fields: a model's `validate()` ignores keys its schema does not describe (the API server prunes them,
 * silently dropping a misspelt field). The models' validators are compiled JSON-schema code that reads, for every
 * object, exactly the property names its schema declares, and enumerates objects that are maps. So the object is
 * validated through proxies that record what the validator read: in an object where it read property names and
 * never enumerated the keys, a key it never read is not in the schema. An object it did not look into at all is
 * free-form (`x-kubernetes-preserve-unknown-fields`, `{}`) and its contents are not judged. Vendored CRD schemas are
 * walked directly (`structuralSchemaProblems`), with Kubernetes' pruning rules.
 *
 * Values unknown during a preview (Pulumi's unknown sentinels) and secrets in wire form are not errors: secrets are
 * unwrapped first, and any problem located at or under an unknown value is dropped.
 */
import * as fs from "fs";
import * as path from "path";
import { isUnknownSentinel } from "../../policy/lib/unknowns";
import { revealSecrets } from "../../offline/secrets";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { importEsm } from "./importEsm";
import { jsonTypeOf } from "./schemaFragment";

export const CRD_FIXTURES = path.join(__dirname, "..", "fixtures", "crds");

/** CRD model packages by API group (argoproj.io is split over two packages). */
export const GROUP_PACKAGES: Record<string, string[]> = {
    "keda.sh": ["@kubernetes-models/keda"],
    "eventing.keda.sh": ["@kubernetes-models/keda"],
    "karpenter.sh": ["@kubernetes-models/karpenter"],
    "karpenter.k8s.aws": ["@kubernetes-models/karpenter"],
    "monitoring.coreos.com": ["@kubernetes-models/prometheus-operator"],
    "argoproj.io": ["@kubernetes-models/argo-rollouts", "@kubernetes-models/argo-cd"],
    "external-secrets.io": ["@kubernetes-models/external-secrets"],
    "generators.external-secrets.io": ["@kubernetes-models/external-secrets"],
};

/** Resource types that are not Kubernetes objects the API server stores as such. */
const NOT_OBJECTS = [/^kubernetes:helm\.sh\//, /^pulumi:providers:/, /^kubernetes:yaml(\/v2)?:/, /^kubernetes:kustomize(\/v2)?:/];

export interface KubernetesObject {
    apiVersion: string;
    kind: string;
    metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    [key: string]: any;
}

/** One synthesized Kubernetes object, secrets revealed. */
export interface SynthesizedObject {
    resource: SynthesizedResource;
    object: KubernetesObject;
}

/**
 * Every Kubernetes object the stack registers: typed resources (`kubernetes:<group>/<version>:<Kind>`) and
 * CustomResources (`kubernetes:apiextensions.k8s.io:CustomResource`, or the `<apiVersion>:<kind>` token
 * `@pulumi/kubernetes` gives them), read from the inputs' apiVersion and kind. Helm releases, ConfigGroups and
 * providers are not objects.
 */
export function kubernetesObjects(result: SynthesisResult): SynthesizedObject[] {
    return result.resources
        .filter((r) => r.custom && r.type.startsWith("kubernetes:") && !NOT_OBJECTS.some((p) => p.test(r.type)))
        .map((resource) => ({ resource, object: revealSecrets(resource.inputs) as KubernetesObject }));
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
    const slash = apiVersion.indexOf("/");
    return slash < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function isBuiltInGroup(group: string): boolean {
    return group === "" || !group.includes(".") || group.endsWith(".k8s.io");
}

// ---------------------------------------------------------------------------------------------------------------
// Problems and unknown values

interface Located {
    /** JSON pointer of the value, as ajv reports it (`/spec/template/...`). */
    pointer: string;
    message: string;
}

function valueAt(root: unknown, pointer: string): { value: unknown; underUnknown: boolean } {
    let value: any = root;
    for (const raw of pointer.split("/").slice(1)) {
        if (isUnknownSentinel(value)) {
            return { value, underUnknown: true };
        }
        const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
        value = value === null || typeof value !== "object" ? undefined : value[key];
    }
    return { value, underUnknown: isUnknownSentinel(value) };
}

function pointerToPath(pointer: string): string {
    return pointer === "" ? "$" : "$" + pointer.split("/").slice(1).map((k) => (/^\d+$/.test(k) ? `[${k}]` : `.${k.replace(/~1/g, "/").replace(/~0/g, "~")}`)).join("");
}

function finalize(object: unknown, located: Located[]): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const p of located) {
        if (valueAt(object, p.pointer).underUnknown) {
            continue; // resolved only at deployment: nothing to judge in a preview
        }
        const line = `${pointerToPath(p.pointer)}: ${p.message}`;
        if (!seen.has(line)) {
            seen.add(line);
            out.push(line);
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Compiled model validators, observed through proxies

interface ReadLog {
    reads: Set<string>;
    enumerated: boolean;
}

function observed(value: unknown, pointer: string, log: Map<string, ReadLog>): unknown {
    if (value === null || typeof value !== "object") {
        return value;
    }
    const entry: ReadLog = { reads: new Set(), enumerated: false };
    log.set(pointer, entry);
    const children: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
        children[key] = observed(child, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, log);
    }
    return new Proxy(value as object, {
        get(target, key) {
            if (typeof key === "string") {
                entry.reads.add(key);
                if (Object.prototype.hasOwnProperty.call(children, key)) {
                    return children[key];
                }
            }
            return (target as any)[key];
        },
        has(target, key) {
            if (typeof key === "string") {
                entry.reads.add(key);
            }
            return key in target;
        },
        ownKeys(target) {
            entry.enumerated = true;
            return Reflect.ownKeys(target);
        },
    });
}

function unreadKeys(value: unknown, pointer: string, log: Map<string, ReadLog>, out: Located[]): void {
    if (value === null || typeof value !== "object") {
        return;
    }
    const entry = log.get(pointer);
    if (!entry || (entry.reads.size === 0 && !entry.enumerated)) {
        return; // never looked into: free-form in the schema
    }
    const isArray = Array.isArray(value);
    for (const [key, child] of Object.entries(value)) {
        const childPointer = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
        if (!isArray && !entry.enumerated && !entry.reads.has(key)) {
            out.push({ pointer: childPointer, message: "unknown field (not in the schema; the API server would prune it)" });
            continue;
        }
        unreadKeys(child, childPointer, log, out);
    }
}

interface AjvError {
    instancePath: string;
    keyword: string;
    message?: string;
    params: Record<string, any>;
}

function describeAjvError(e: AjvError): Located {
    switch (e.keyword) {
        case "required":
            return { pointer: `${e.instancePath}/${e.params.missingProperty}`, message: "required field missing" };
        case "type":
            return { pointer: e.instancePath, message: `expected ${e.params.type}` };
        case "enum":
            return { pointer: e.instancePath, message: `must be one of ${JSON.stringify(e.params.allowedValues)}` };
        default:
            return { pointer: e.instancePath, message: `${e.keyword} ${e.message ?? JSON.stringify(e.params)}` };
    }
}

/** Validates with a kubernetes-models model class, unknown fields included. */
export function modelProblems(model: { prototype: { validate(): void } }, object: unknown): string[] {
    const log = new Map<string, ReadLog>();
    const proxy = observed(object, "", log);
    const located: Located[] = [];
    try {
        model.prototype.validate.call(proxy);
    } catch (error: any) {
        if (!Array.isArray(error?.errors)) {
            throw error;
        }
        located.push(...(error.errors as AjvError[]).map(describeAjvError));
    }
    unreadKeys(object, "", log, located);
    return finalize(object, located);
}

// ---------------------------------------------------------------------------------------------------------------
// Vendored CRD schemas (structural OpenAPI v3, as the API server applies them)

export interface StructuralSchema {
    type?: string;
    properties?: Record<string, StructuralSchema>;
    additionalProperties?: boolean | StructuralSchema;
    items?: StructuralSchema;
    required?: string[];
    enum?: unknown[];
    pattern?: string;
    minimum?: number;
    maximum?: number;
    minLength?: number;
    maxLength?: number;
    minItems?: number;
    maxItems?: number;
    nullable?: boolean;
    anyOf?: StructuralSchema[];
    oneOf?: StructuralSchema[];
    allOf?: StructuralSchema[];
    "x-kubernetes-preserve-unknown-fields"?: boolean;
    "x-kubernetes-int-or-string"?: boolean;
    "x-kubernetes-embedded-resource"?: boolean;
    [extension: string]: unknown;
}

/** Problems of `value` against a CRD's structural schema, including fields the API server would prune. */
export function structuralSchemaProblems(value: unknown, schema: StructuralSchema, pointer = ""): Located[] {
    if (isUnknownSentinel(value)) {
        return [];
    }
    const out: Located[] = [];
    const actual = jsonTypeOf(value);
    if (value === null) {
        return schema.nullable ? [] : [{ pointer, message: "null is not allowed" }];
    }
    if (schema["x-kubernetes-int-or-string"]) {
        if (actual !== "integer" && actual !== "string") {
            return [{ pointer, message: `expected integer or string, found ${actual}` }];
        }
    } else if (schema.type && schema.type !== actual && !(schema.type === "number" && actual === "integer")) {
        return [{ pointer, message: `expected ${schema.type}, found ${actual}` }];
    }
    if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        out.push({ pointer, message: `must be one of ${JSON.stringify(schema.enum)}` });
    }
    if (typeof value === "string") {
        if (schema.pattern && !new RegExp(schema.pattern, "u").test(value)) {
            out.push({ pointer, message: `does not match ${schema.pattern}` });
        }
        if ((schema.minLength !== undefined && value.length < schema.minLength) || (schema.maxLength !== undefined && value.length > schema.maxLength)) {
            out.push({ pointer, message: `length ${value.length} outside ${schema.minLength ?? 0}-${schema.maxLength ?? "inf"}` });
        }
    }
    if (typeof value === "number" && ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum))) {
        out.push({ pointer, message: `${value} outside ${schema.minimum ?? "-inf"}-${schema.maximum ?? "inf"}` });
    }
    if (Array.isArray(value)) {
        if ((schema.minItems !== undefined && value.length < schema.minItems) || (schema.maxItems !== undefined && value.length > schema.maxItems)) {
            out.push({ pointer, message: `${value.length} items outside ${schema.minItems ?? 0}-${schema.maxItems ?? "inf"}` });
        }
        if (schema.items) {
            value.forEach((item, i) => out.push(...structuralSchemaProblems(item, schema.items!, `${pointer}/${i}`)));
        }
    }
    if (actual === "object") {
        const object = value as Record<string, unknown>;
        for (const key of schema.required ?? []) {
            if (object[key] === undefined) {
                out.push({ pointer: `${pointer}/${key}`, message: "required field missing" });
            }
        }
        const preserve = schema["x-kubernetes-preserve-unknown-fields"] === true || schema["x-kubernetes-embedded-resource"] === true;
        for (const [key, child] of Object.entries(object)) {
            const childPointer = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
            const declared = schema.properties?.[key];
            const additional = schema.additionalProperties;
            if (declared) {
                out.push(...structuralSchemaProblems(child, declared, childPointer));
            } else if (additional && typeof additional === "object") {
                out.push(...structuralSchemaProblems(child, additional, childPointer));
            } else if (!(preserve || additional === true)) {
                out.push({ pointer: childPointer, message: "unknown field (not in the schema; the API server would prune it)" });
            }
        }
    }
    // Value validations only (structural schemas keep the shape in the fields above).
    for (const sub of schema.allOf ?? []) {
        out.push(...valueOnly(structuralSchemaProblems(value, sub, pointer)));
    }
    if (schema.anyOf && !schema.anyOf.some((sub) => valueOnly(structuralSchemaProblems(value, sub, pointer)).length === 0)) {
        out.push({ pointer, message: "matches none of anyOf" });
    }
    if (schema.oneOf && schema.oneOf.filter((sub) => valueOnly(structuralSchemaProblems(value, sub, pointer)).length === 0).length !== 1) {
        out.push({ pointer, message: "must match exactly one of oneOf" });
    }
    return out;
}

/** In anyOf/oneOf/allOf branches fields are not declared again; pruning is decided by the main schema. */
function valueOnly(problems: Located[]): Located[] {
    return problems.filter((p) => !p.message.startsWith("unknown field"));
}

// ---------------------------------------------------------------------------------------------------------------
// Resolution

export interface KindValidator {
    /** Where the schema comes from, e.g. `kubernetes-models@5.1.0` or the vendored file. */
    source: string;
    problems(object: unknown): string[];
}

const validators = new Map<string, Promise<KindValidator | undefined>>();

function packageVersion(pkg: string): string {
    return (require(`${pkg}/package.json`) as { version: string }).version;
}

async function objectMetaProblems(metadata: unknown): Promise<string[]> {
    const meta = await importEsm<any>("@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta");
    return modelProblems(meta.ObjectMeta, metadata).map((p) => p.replace(/^\$/, "$.metadata"));
}

function vendoredValidator(group: string, version: string, kind: string): KindValidator | undefined {
    const file = path.join(CRD_FIXTURES, group || "core", version, `${kind}.json`);
    if (!fs.existsSync(file)) {
        return undefined;
    }
    const schema = JSON.parse(fs.readFileSync(file, "utf8")) as StructuralSchema;
    const source = path.relative(path.join(__dirname, "..", ".."), file);
    return {
        source,
        problems(object) {
            // The API server validates metadata itself (ObjectMeta, checked separately), whatever the CRD says of it.
            const { metadata: _metadata, ...rest } = object as Record<string, unknown>;
            const located = structuralSchemaProblems(rest, schema);
            return finalize(object, located);
        },
    };
}

async function modelValidator(pkg: string, group: string, version: string, kind: string, apiVersion: string): Promise<KindValidator | undefined> {
    const specifier = group === "" ? `${pkg}/${version}/${kind}` : `${pkg}/${group}/${version}/${kind}`;
    let module: any;
    try {
        module = await importEsm<any>(specifier);
    } catch {
        return undefined;
    }
    const model = module?.[kind];
    if (!model || model.apiVersion !== apiVersion || model.kind !== kind) {
        return undefined; // a sub-type of that name, not a kind
    }
    return { source: `${pkg}@${packageVersion(pkg)}`, problems: (object) => modelProblems(model, object) };
}

/** The validator of `apiVersion`/`kind`, or undefined when no schema covers it. */
export function validatorFor(apiVersion: string, kind: string): Promise<KindValidator | undefined> {
    const key = `${apiVersion}/${kind}`;
    let found = validators.get(key);
    if (!found) {
        found = (async () => {
            const { group, version } = splitApiVersion(apiVersion);
            const vendored = vendoredValidator(group, version, kind);
            if (vendored) {
                return vendored;
            }
            const packages = [...(isBuiltInGroup(group) ? ["kubernetes-models"] : []), ...(GROUP_PACKAGES[group] ?? [])];
            for (const pkg of packages) {
                const validator = await modelValidator(pkg, group, version, kind, apiVersion);
                if (validator) {
                    return validator;
                }
            }
            return undefined;
        })();
        validators.set(key, found);
    }
    return found;
}

export function missingSchemaMessage(apiVersion: string, kind: string): string {
    const { group, version } = splitApiVersion(apiVersion);
    return (
        `no schema for ${apiVersion} ${kind}: if a @kubernetes-models package covers group "${group}", map it in GROUP_PACKAGES ` +
        `(tests/support/kubernetesSchemas.ts); otherwise vendor the CRD's spec.versions[name=${version}].schema.openAPIV3Schema at the pinned ` +
        `chart/CRD version as tests/fixtures/crds/${group || "core"}/${version}/${kind}.json with a SOURCE file beside it (version and URL)`
    );
}

/** Every problem of one object: schema violations, unknown fields, metadata, or the lack of a schema. */
export async function kubernetesObjectProblems(object: KubernetesObject): Promise<string[]> {
    if (typeof object?.apiVersion !== "string" || typeof object?.kind !== "string") {
        return ["$: apiVersion and kind must be set"];
    }
    const validator = await validatorFor(object.apiVersion, object.kind);
    if (!validator) {
        return [missingSchemaMessage(object.apiVersion, object.kind)];
    }
    const problems = validator.problems(object);
    if (validator.source.endsWith(".json") && object.metadata !== undefined) {
        problems.push(...(await objectMetaProblems(object.metadata)));
    }
    return problems;
}

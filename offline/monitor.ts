/**
 * A mock resource monitor that records what the program asked the engine for. It extends Pulumi's own
 * MockMonitor, so resources behave exactly as under `pulumi.runtime.setMocks`, and additionally keeps the
 * RegisterResourceRequest's options (protect, retainOnDelete, ignoreChanges, dependencies, providers):
 * the options the engine would see, read from the request rather than guessed.
 */
import { MockMonitor, Mocks } from "@pulumi/pulumi/runtime/mocks";
import { deserializeProperties, serializeProperties } from "@pulumi/pulumi/runtime/rpc";

/** `pulumirpc.Result.SUCCESS`: the registration completed (no unknowns kept). */
const REGISTER_SUCCESS = 0;

export interface RegistrationRecord {
    urn: string;
    type: string;
    name: string;
    parent?: string;
    custom: boolean;
    provider?: string;
    /** Component resources carry a map package -> provider reference instead of one provider. */
    providers: Record<string, string>;
    inputs: Record<string, any>;
    protect: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    /** The customTimeouts option (Go duration strings), only the ones set. */
    customTimeouts: { create?: string; update?: string; delete?: string };
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** What the mocked provider answered (the resource's state: inputs echoed plus computed outputs). */
    outputs?: Record<string, any>;
}

/** The URN part of a provider reference `urn::id`. */
export function providerUrn(ref: string): string {
    return ref.slice(0, ref.lastIndexOf("::"));
}

/** The request's customTimeouts, without the empty strings the wire uses for unset. */
function customTimeoutsOf(req: any): RegistrationRecord["customTimeouts"] {
    const timeouts = req.getCustomtimeouts?.();
    const result: RegistrationRecord["customTimeouts"] = {};
    for (const [key, value] of [
        ["create", timeouts?.getCreate?.()],
        ["update", timeouts?.getUpdate?.()],
        ["delete", timeouts?.getDelete?.()],
    ] as const) {
        if (value) {
            result[key] = value;
        }
    }
    return result;
}

export class RecordingMonitor extends MockMonitor {
    // MockMonitor's own fields (declared in its implementation, not its typings).
    declare readonly mocks: Mocks;
    declare readonly resources: Map<string, { urn: string; id: string | null; state: any }>;

    readonly registrations: RegistrationRecord[] = [];
    private readonly byUrn = new Map<string, RegistrationRecord>();

    constructor(mocks: Mocks) {
        super(mocks);
    }

    async registerResource(req: any, callback: (err: any, response: any) => void): Promise<void> {
        const urn: string = (this as any).newUrn(req.getParent(), req.getType(), req.getName());
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
            propertyDependencies[key] = deps.getUrnsList();
        });
        const providers: Record<string, string> = {};
        req.getProvidersMap().forEach((ref: string, pkg: string) => {
            providers[pkg] = ref;
        });
        const record: RegistrationRecord = {
            urn,
            type: req.getType(),
            name: req.getName(),
            parent: req.getParent() || undefined,
            custom: req.getCustom(),
            provider: req.getProvider() || undefined,
            providers,
            // Secrets stay in their wire form so they can be masked on output and revealed for policies.
            inputs: deserializeProperties(req.getObject()),
            protect: req.getProtect() ?? false,
            retainOnDelete: req.getRetainondelete() ?? false,
            ignoreChanges: req.getIgnorechangesList(),
            customTimeouts: customTimeoutsOf(req),
            dependencies: req.getDependenciesList(),
            propertyDependencies,
        };
        this.registrations.push(record);
        this.byUrn.set(urn, record);
        // What MockMonitor.registerResource does, without its second decoding of the request and its protobuf
        // round trip of the answer (the SDK only reads the answer through these getters): a tenth of a synthesis.
        // The mocks run synchronously, so they can ask which registration they answer (components inherit their
        // region from their parent's providers).
        this.answering = record;
        let answer: { id?: string; state: Record<string, any> } | Promise<{ id?: string; state: Record<string, any> }>;
        try {
            answer = this.mocks.newResource({ type: record.type, name: record.name, inputs: record.inputs, provider: record.provider, custom: record.custom, id: req.getImportid() });
        } catch (err) {
            callback(err, undefined);
            return;
        } finally {
            this.answering = undefined;
        }
        try {
            const result = await answer;
            const state = await serializeProperties("", result.state);
            this.resources.set(urn, { urn, id: result.id ?? null, state });
            // Read like a protobuf Struct: the SDK only calls toJavaScript() on it.
            const object = { toJavaScript: () => state } as unknown as Parameters<typeof deserializeProperties>[0];
            record.outputs = deserializeProperties(object);
            callback(null, {
                getUrn: () => urn,
                getId: () => result.id || "",
                getObject: () => object,
                getPropertydependenciesMap: () => new Map(),
                getResult: () => REGISTER_SUCCESS,
            });
        } catch (err) {
            callback(err, undefined);
        }
    }

    /** The registration the mocks are answering right now, if any. */
    private answering: RegistrationRecord | undefined;

    /** AWS region of the registration being answered: its provider's, else its parent's (see regionOfResource). */
    regionOfAnsweredRegistration(): string | undefined {
        return this.answering ? this.regionOfResource(this.answering) : undefined;
    }

    /** Outputs each resource registered (`registerOutputs`), secrets kept in wire form. */
    readonly outputsByUrn = new Map<string, Record<string, any>>();

    registerResourceOutputs(req: any, callback: (err: any, response: any) => void): void {
        this.outputsByUrn.set(req.getUrn(), deserializeProperties(req.getOutputs()));
        super.registerResourceOutputs(req, callback);
    }

    /** AWS region of a provider reference, from the provider's own registration. */
    awsRegionOf(ref: string | undefined): string | undefined {
        const provider = ref ? this.byUrn.get(providerUrn(ref)) : undefined;
        return provider?.type === "pulumi:providers:aws" ? provider.inputs.region : undefined;
    }

    /**
     * Region a resource runs in: its AWS provider's; for resources of other providers (Kubernetes), the
     * region of that provider; otherwise its parent's (components).
     */
    regionOfResource(record: RegistrationRecord): string | undefined {
        if (record.type === "pulumi:providers:aws") {
            return record.inputs.region;
        }
        const ref = record.provider ?? record.providers["aws"];
        const provider = ref ? this.byUrn.get(providerUrn(ref)) : undefined;
        if (provider && provider !== record) {
            const region = this.regionOfResource(provider);
            if (region !== undefined) {
                return region;
            }
        }
        const parent = record.parent ? this.byUrn.get(record.parent) : undefined;
        return parent ? this.regionOfResource(parent) : undefined;
    }
}

/**
 * Offline synthesis: runs index.ts in-process under Pulumi's mock runtime with the stack's configuration,
 * waits until every registration has settled, and returns what the engine would have been asked to create.
 * It is a synthesis of the program with mocked providers, not a diff against a cloud account.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { setMockOptions } from "@pulumi/pulumi/runtime/settings";
import { projectValues, validateConfig } from "../config/validate";
import { createMocks } from "./mocks";
import { RecordingMonitor, RegistrationRecord } from "./monitor";
import { PROJECT_ROOT, readStackFiles, StackFiles } from "./stackFiles";
import { SynthesisResult, SynthesizedResource } from "./types";

// Marked @internal in the SDK's typings but exported at runtime; setMocks itself relies on both.
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
const { getStore } = require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, any> };

export { PROJECT_ROOT };

export interface SynthesizeOptions {
    stack: string;
    rootDir?: string;
    /**
     * Replaces `platform:` keys after the stack file is read (raw values; `undefined` deletes the key).
     * Lets tests try variations of a real stack.
     */
    overrides?: Record<string, unknown>;
    /** The stack's files when the caller has read them already (the preview CLI does, before loading the SDK). */
    files?: StackFiles;
    /** Receives the recording monitor before the program runs (tests check what was registered). */
    onMonitor?: (monitor: RecordingMonitor) => void;
}

function applyOverrides(files: StackFiles, overrides: Record<string, unknown> = {}): void {
    for (const [key, value] of Object.entries(overrides)) {
        const fullKey = key.includes(":") ? key : `${files.project}:${key}`;
        if (value === undefined) {
            delete files.config[fullKey];
            delete files.values[fullKey];
        } else {
            files.config[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
            files.values[fullKey] = value;
        }
    }
}

/** Configures the runtime as `pulumi.runtime.setMocks` does, with a recording monitor. */
export function installMockRuntime(monitor: RecordingMonitor, project: string, stack: string): void {
    setMockOptions(monitor, project, stack, false);
    const store = getStore();
    store.supportsSecrets = true;
    store.supportsResourceReferences = true;
    store.supportsOutputValues = false;
    store.supportsDeletedWith = true;
    store.supportsAliasSpecs = true;
    store.supportsTransforms = false;
}

export async function synthesize(options: SynthesizeOptions): Promise<SynthesisResult> {
    const rootDir = options.rootDir ?? PROJECT_ROOT;
    const files = options.files ?? readStackFiles(rootDir, options.stack);
    applyOverrides(files, options.overrides);

    // Validate before the runtime exists: bad config must not register a single resource. The typed values
    // are validated (a YAML null or list is not the string "null" or "[1]" the runtime's config map holds).
    const config = validateConfig(projectValues(files.values), files.problems);

    // The mocks ask the monitor for the region of the provider a resource or invoke uses.
    let monitor: RecordingMonitor | undefined = undefined;
    const mocks = createMocks({
        accountId: config.awsAccountId,
        defaultRegion: config.regions[0].name,
        regionOf: (ref) => monitor?.awsRegionOf(ref),
        regionOfRegistration: () => monitor?.regionOfAnsweredRegistration(),
    });
    monitor = new RecordingMonitor(mocks);
    options.onMonitor?.(monitor);

    installMockRuntime(monitor, files.project, files.stack);
    pulumi.runtime.setAllConfig(files.config, files.secretKeys);

    const programPath = require.resolve(path.join(rootDir, "index"));
    await pulumi.runtime.runInPulumiStack(async () => {
        delete require.cache[programPath];
        return require(programPath);
    });
    await waitForRPCs();

    return {
        project: files.project,
        stack: files.stack,
        resources: monitor.registrations.map((r) => toSynthesizedResource(r, monitor!.regionOfResource(r))),
        // The stack's registered outputs, as the engine receives them (secrets still marked).
        outputs: monitor.outputsByUrn.get(monitor.registrations.find((r) => r.type === "pulumi:pulumi:Stack")!.urn) ?? {},
    };
}

export function toSynthesizedResource(r: RegistrationRecord, region: string | undefined): SynthesizedResource {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent,
        custom: r.custom,
        provider: r.provider,
        region,
        inputs: r.inputs,
        propertyDependencies: r.propertyDependencies,
        outputs: r.outputs ?? {},
        options: { protect: r.protect, retainOnDelete: r.retainOnDelete, ignoreChanges: r.ignoreChanges, customTimeouts: r.customTimeouts, dependsOn: r.dependencies },
    };
}

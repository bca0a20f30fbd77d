/**
 * Offline synthesis of another Pulumi program of this repository (bootstrap/), with the same mock runtime,
 * mocks and recording monitor as the platform's stacks, so its resources can be checked and run through the
 * policy pack like theirs.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { createMocks } from "./mocks";
import { RecordingMonitor } from "./monitor";
import { installMockRuntime, toSynthesizedResource } from "./synthesize";
import { SynthesisResult } from "./types";

const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

export interface ProgramOptions {
    /** Directory of the program's Pulumi.yaml and index.ts. */
    rootDir: string;
    project: string;
    stack: string;
    /** Full config keys (`bootstrap:region`) to values; structured values are passed as JSON, as the CLI does. */
    config: Record<string, unknown>;
    accountId: string;
    region: string;
}

export async function synthesizeProgram(options: ProgramOptions): Promise<SynthesisResult> {
    let monitor: RecordingMonitor | undefined = undefined;
    const mocks = createMocks({
        accountId: options.accountId,
        defaultRegion: options.region,
        regionOf: (ref) => monitor?.awsRegionOf(ref),
        regionOfRegistration: () => monitor?.regionOfAnsweredRegistration(),
    });
    monitor = new RecordingMonitor(mocks);
    installMockRuntime(monitor, options.project, options.stack);
    pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(options.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])), []);
    const programPath = require.resolve(path.join(options.rootDir, "index"));
    await pulumi.runtime.runInPulumiStack(async () => {
        delete require.cache[programPath];
        return require(programPath);
    });
    await waitForRPCs();
    return {
        project: options.project,
        stack: options.stack,
        resources: monitor.registrations.map((r) => toSynthesizedResource(r, monitor!.regionOfResource(r))),
        outputs: monitor.outputsByUrn.get(monitor.registrations.find((r) => r.type === "pulumi:pulumi:Stack")!.urn) ?? {},
    };
}

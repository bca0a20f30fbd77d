/**
 * Start-up trimming for the offline preview and the tests. `require("@pulumi/pulumi")` eagerly loads the
 * Automation API, npm's Arborist (for closure serialization) and the TypeScript compiler: some 450 modules,
 * about 0.8 s and 60 MB that a program synthesized under mocks never touches. This defers each of them to
 * first use: the module is replaced in the require cache by a proxy that loads the real one when any
 * property is read, so behaviour is unchanged if something does use it. Import it before anything else.
 */
import * as fs from "fs";
import * as path from "path";
import { deferModule } from "./deferModule";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi"));
deferModule("@npmcli/arborist", pulumiDir);
deferModule("typescript", pulumiDir);
deferModule("./automation/index.js", pulumiDir);
// gRPC and its service stubs: the SDK only dials them for a real engine; under mocks no channel is opened.
deferModule("@grpc/grpc-js", pulumiDir);
deferModule("./proto/engine_grpc_pb.js", pulumiDir);
deferModule("./proto/resource_grpc_pb.js", pulumiDir);
deferModule("./proto/analyzer_grpc_pb.js", pulumiDir);
deferModule("./proto/callback_grpc_pb.js", pulumiDir);
deferModule("./proto/provider_grpc_pb.js", pulumiDir);
// Only used to find package files for closure serialization (function serialization, never under mocks).
deferModule("normalize-package-data", path.join(pulumiDir, "runtime", "closure"));
// @pulumi/kubernetes' YAML support globs manifest files; the platform passes no file patterns.
deferModule("glob", path.join(path.dirname(require.resolve("@pulumi/kubernetes")), "yaml"));
// The policy SDK's analyzer server (gRPC, the analyzer protocol) serves a pack to the CLI; the offline gate calls the rules directly.
deferModule("@pulumi/policy/server.js", __dirname);

/**
 * A provider SDK's index requires every one of its sub-modules up front (@pulumi/aws: some 240 service
 * namespaces, 2 MB of JavaScript, about half the preview's start-up), though a program touches a few dozen.
 * Each namespace's index is deferred like the modules above: `aws.ec2` loads when first read. The namespaces
 * are lazily populated already (the SDKs' own `lazyLoad`), so nothing observable changes.
 */
function deferNamespaces(packageName: string): void {
    let root: string;
    try {
        root = path.dirname(require.resolve(`${packageName}/package.json`));
    } catch {
        return;
    }
    for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
        // `types` holds the enums the index re-exports by enumeration; deferring it would load it anyway.
        const index = path.join(root, entry.name, "index.js");
        if (entry.isDirectory() && entry.name !== "types" && entry.name !== "node_modules" && fs.existsSync(index)) {
            deferModule(index, root);
        }
    }
}

for (const provider of ["@pulumi/aws", "@pulumi/kubernetes", "@pulumi/cloudflare", "@pulumi/mongodbatlas"]) {
    deferNamespaces(provider);
}

/**
 * Two pieces of diagnostics the SDK computes for every resource and promise, which only the Pulumi CLI
 * displays: a full stack trace per resource (its source position) and one per promise (for leak reports at
 * exit). Under mocks nobody reads them, and formatting them is about a third of a synthesis. Resource
 * semantics (inputs, options, dependencies) are untouched.
 */
function skipCliDiagnostics(): void {
    const { Resource } = require("@pulumi/pulumi/resource") as { Resource: { callsites(): unknown[] } };
    Resource.callsites = () => [];
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T> };
    debuggable.debuggablePromise = (promise) => promise;
}

skipCliDiagnostics();

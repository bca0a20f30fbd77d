/**
 * Start-up trimming for the offline preview and the tests. `require("@pulumi/pulumi")` eagerly loads the
 * Automation API, npm's Arborist (for closure serialization) and the TypeScript compiler: some 450 modules,
 * about 0.8 s and 60 MB that a program synthesized under mocks never touches. This defers each of them to
 * first use: the module is replaced in the require cache by a proxy that loads the real one when any
 * property is read, so behaviour is unchanged if something does use it. Import it before anything else.
 */
import Module = require("module");
import * as fs from "fs";
import * as path from "path";

const ModuleInternals = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): any };

function deferModule(id: string, fromDir: string): void {
    let target: string;
    try {
        target = require.resolve(id, { paths: [fromDir] });
    } catch {
        return; // not installed where expected: nothing to defer
    }
    if (require.cache[target]) {
        return; // already loaded
    }
    let real: any;
    const load = () => {
        if (real === undefined) {
            delete require.cache[target];
            real = ModuleInternals._load(target, null, false);
            require.cache[target]!.exports = real;
        }
        return real;
    };
    const stub = new Module(target);
    stub.filename = target;
    stub.loaded = true;
    // `__esModule` keeps TypeScript's __importStar from enumerating (and so loading) the module at import time.
    stub.exports = new Proxy(Object.create(null), {
        get: (_, key) => (key === "__esModule" ? true : load()[key]),
        has: (_, key) => key === "__esModule" || key in load(),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor: (_, key) => {
            const descriptor = Object.getOwnPropertyDescriptor(load(), key);
            return descriptor && { ...descriptor, configurable: true };
        },
    });
    require.cache[target] = stub;
}

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi"));
deferModule("@npmcli/arborist", pulumiDir);
deferModule("typescript", pulumiDir);
deferModule("./automation/index.js", pulumiDir);

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

// zod's entry point requires every one of its ~60 message locales; the platform uses English only.
deferModule("zod/v4/locales/index.cjs", __dirname);

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

/**
 * Deferred loading for the offline preview and the tests (see offline/fastStart.ts): a module is replaced in the
 * require cache by a proxy that loads the real one when any property is read, so behaviour is unchanged if
 * something does use it.
 */
import Module = require("module");

const ModuleInternals = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): any };

/** Replaces `id` (resolved from `fromDir`) in the require cache by a proxy that loads it on first use. */
export function deferModule(id: string, fromDir: string): void {
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
        // `default` of a CommonJS module is the module itself (what __importDefault would have wrapped).
        get: (_, key) => (key === "__esModule" ? true : key === "default" && !load().__esModule ? load() : load()[key]),
        has: (_, key) => key === "__esModule" || key in load(),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor: (_, key) => {
            const descriptor = Object.getOwnPropertyDescriptor(load(), key);
            return descriptor && { ...descriptor, configurable: true };
        },
    });
    require.cache[target] = stub;
}

// zod's entry point requires every one of its ~60 message locales; the platform uses English only. Deferred
// here, on the preview's first import, because config validation (zod) runs before the SDK is loaded.
deferModule("zod/v4/locales/index.cjs", __dirname);

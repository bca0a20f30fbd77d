/**
 * Runs TypeScript files directly (`node -r ./scripts/register.js file.ts`) for the offline preview, the
 * benchmark and the tests. Transpile only, with sucrase (line-preserving, so stack traces stay accurate),
 * a content-addressed disk cache under node_modules/.cache so unchanged files are not transpiled again, and a
 * V8 code cache so unchanged modules are not compiled again.
 * Type-checking is `npm run typecheck`, never this path. (The Pulumi CLI itself runs index.ts with ts-node.)
 */
"use strict";
const { createHash } = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");

// V8 code cache for every module loaded (the SDKs are large): Node's own on 22+, the v8-compile-cache
// package on 20. Both check the source before using a cached entry.
const cacheRoot = path.join(__dirname, "..", "node_modules", ".cache");
if (typeof Module.enableCompileCache === "function") {
    Module.enableCompileCache(path.join(cacheRoot, "node-compile-cache"));
} else {
    process.env.V8_COMPILE_CACHE_CACHE_DIR ??= path.join(cacheRoot, "v8-compile-cache");
    require("v8-compile-cache");
}
const { addHook } = require("pirates");

const OPTIONS = { transforms: ["imports", "typescript"] };
const cacheDir = path.join(cacheRoot, "platform-ts");
const salt = `${require("sucrase/package.json").version}:${JSON.stringify(OPTIONS)}`;
let sucrase; // loaded on the first cache miss only: with a warm cache it is never needed
let cacheWritable = true;

function transpile(code, filePath) {
    const key = createHash("sha1").update(salt).update(filePath).update(code).digest("hex");
    const cached = path.join(cacheDir, `${key}.js`);
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        // not cached yet
    }
    sucrase ??= require("sucrase");
    const output = sucrase.transform(code, { ...OPTIONS, filePath }).code;
    if (cacheWritable) {
        try {
            fs.mkdirSync(cacheDir, { recursive: true });
            const temporary = `${cached}.${process.pid}.tmp`;
            fs.writeFileSync(temporary, output);
            fs.renameSync(temporary, cached); // atomic: concurrent runs never read half a file
        } catch {
            cacheWritable = false; // read-only tree: transpile every time, still correct
        }
    }
    return output;
}

addHook(transpile, { exts: [".ts"], ignoreNodeModules: true });

/**
 * Runs TypeScript files directly (`node -r ./scripts/register.js file.ts`) for the offline preview, the
 * benchmark and the tests. Transpile only, with sucrase (line-preserving, so stack traces stay accurate),
 * and a content-addressed disk cache under node_modules/.cache so unchanged files are not transpiled again.
 * Type-checking is `npm run typecheck`, never this path. (The Pulumi CLI itself runs index.ts with ts-node.)
 */
"use strict";
const { createHash } = require("crypto");
const fs = require("fs");
const path = require("path");

// No V8 code cache: measured on the CI machine it gained nothing warm, cost ~19 MB and rewrote a multi-MB
// blob on every run, and made cold runs (CI's) slower.
const cacheRoot = path.join(__dirname, "..", "node_modules", ".cache");
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

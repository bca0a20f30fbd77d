"use strict";
// Plain JavaScript on purpose: sucrase turns a TypeScript file's import() into require(), which cannot load
// ESM-only packages such as kubernetes-models; here import() stays native.
module.exports = { importEsm: (specifier) => import(specifier) };

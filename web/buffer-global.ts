// The framers and a few converters keep Node's Buffer (the fastest path in Node, where they run
// hot); in the browser bundle every use of the global `Buffer` is bound to this import instead
// (esbuild's `inject`), the npm `buffer` package: the same API over Uint8Array.
export { Buffer } from "buffer";

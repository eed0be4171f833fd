#!/usr/bin/env node
// Starts firebase-tools' Cloud Storage emulator (GCS JSON API) offline with Node alone, for Reservoir's tests.
//
// Usage: node launch.js --host 127.0.0.1 --port 9199
// Prints "gcs-emulator ready http://HOST:PORT" once it accepts connections; stops on SIGTERM/SIGINT or when
// standard input closes (so a test process that dies never leaves an emulator behind).
//
// Why the patch: as shipped, StorageEmulator.start() first starts the Firebase security-rules runtime, a Java
// 21 jar downloaded on first use. Neither is available offline, and the GCS JSON API (paths /storage/v1/b/...,
// /upload/storage/v1/b/...) is served with admin rights and never consults the rules. So the rules runtime's
// start/stop become no-ops and no ruleset is loaded (rules: []).
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

function argument(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const host = argument("host", "127.0.0.1");
const port = Number(argument("port", "9199"));
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`gcs-emulator: --port must be 1-65535, got '${argument("port")}'`);
  process.exit(2);
}

const emulatorLib = path.join(__dirname, "node_modules", "firebase-tools", "lib", "emulator");
let runtime, StorageEmulator, EmulatorRegistry;
try {
  runtime = require(path.join(emulatorLib, "storage", "rules", "runtime"));
  ({ StorageEmulator } = require(path.join(emulatorLib, "storage")));
  ({ EmulatorRegistry } = require(path.join(emulatorLib, "registry")));
} catch (e) {
  console.error(`gcs-emulator: firebase-tools is not installed in ${__dirname} (run: npm install --ignore-scripts): ${e.message}`);
  process.exit(3);
}

// The emulator keeps object bytes under os.tmpdir()/firebase/storage/blobs and wipes that folder on stop:
// each instance gets its own temporary folder so that emulators running side by side never share it.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "reservoir-gcs-emulator-"));
process.env.TMPDIR = scratch;

runtime.StorageRulesRuntime.prototype.start = async function () {};
runtime.StorageRulesRuntime.prototype.stop = async function () {};

const emulator = new StorageEmulator({ projectId: "demo-reservoir", host, port, rules: [], auto_download: false });

let stopping = false;
async function stop(reason) {
  if (stopping) return;
  stopping = true;
  try {
    await EmulatorRegistry.stop(emulator.getName());
  } catch (e) {
    console.error(`gcs-emulator: error while stopping (${reason}): ${e.message}`);
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  process.exit(0);
}

process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
process.stdin.on("end", () => stop("stdin closed"));
process.stdin.on("error", () => stop("stdin error"));
process.stdin.resume();

EmulatorRegistry.start(emulator).then(
  () => console.log(`gcs-emulator ready http://${host}:${port}`),
  (e) => {
    console.error(`gcs-emulator: failed to start on ${host}:${port}: ${e.message}`);
    fs.rmSync(scratch, { recursive: true, force: true });
    process.exit(1);
  });

#!/usr/bin/env node
// Validates Kubernetes objects offline. stdin: a JSON array of objects. stdout: a JSON array, one entry per
// object: {kind, name, errors}. Built-in kinds are checked against the Kubernetes OpenAPI schemas in
// kubernetes-models (field types, enums, required fields); a custom resource is checked against the
// openAPIV3Schema of a CustomResourceDefinition in the same batch (ajv). An object of a kind neither knows
// is an error ("unknown kind"), so nothing passes unchecked. Exit code 0 even when objects are invalid.
"use strict";
const Ajv = require("ajv");

function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const modulePath = group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
  try { return require(modulePath)[kind]; } catch { return undefined; }
}

function stripKubernetesExtensions(schema) {
  if (Array.isArray(schema)) return schema.map(stripKubernetesExtensions);
  if (schema === null || typeof schema !== "object") return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) if (!k.startsWith("x-kubernetes-")) out[k] = stripKubernetesExtensions(v);
  return out;
}

const objects = JSON.parse(require("fs").readFileSync(0, "utf8"));
const crdSchemas = new Map();
for (const o of objects) {
  if (o.kind !== "CustomResourceDefinition") continue;
  for (const v of o.spec?.versions ?? [])
    crdSchemas.set(`${o.spec.group}/${v.name}/${o.spec.names.kind}`, v.schema?.openAPIV3Schema);
}
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat("date-time", true); ajv.addFormat("int32", true); ajv.addFormat("int64", true);

const report = objects.map((o) => {
  const entry = { kind: o.kind, name: o.metadata?.name, errors: [] };
  const Model = modelFor(o.apiVersion ?? "", o.kind ?? "");
  if (Model) {
    try { new Model(o).validate(); } catch (e) { entry.errors.push(e.message); }
    return entry;
  }
  const schema = crdSchemas.get(`${o.apiVersion}/${o.kind}`);
  if (!schema) { entry.errors.push(`unknown kind ${o.apiVersion} ${o.kind}`); return entry; }
  const validate = ajv.compile(stripKubernetesExtensions(schema));
  if (!validate(o)) entry.errors.push(...validate.errors.map((e) => `${e.instancePath} ${e.message}`));
  return entry;
});
process.stdout.write(JSON.stringify(report));

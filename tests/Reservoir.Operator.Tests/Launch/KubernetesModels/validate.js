// Validates one Kubernetes object (JSON on stdin) against kubernetes-models' schema for its apiVersion/kind.
// Prints "ok" and exits 0, or prints the validation errors and exits 1. Offline: the schemas ship in the package.
"use strict";
const chunks = [];
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", () => {
  const object = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const folder = group === "" ? version : `${group}/${version}`;
  let Model;
  try {
    Model = require(`kubernetes-models/${folder}/${object.kind}`)[object.kind];
  } catch (e) {
    console.log(`no model for ${object.apiVersion} ${object.kind}: ${e.message}`);
    process.exit(1);
  }
  try {
    new Model(object).validate();
  } catch (e) {
    console.log(e.message);
    if (e.errors) console.log(JSON.stringify(e.errors, null, 2));
    process.exit(1);
  }
  console.log("ok");
});

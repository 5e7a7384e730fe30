// Validates deployment files against published schemas, not hand-written rules:
//   node validate.mjs kubernetes FILE...   every object of each multi-document file (kubectl kustomize's output)
//                                          against Kubernetes 1.36.0's OpenAPI schema (kubernetes-models 5.1.0)
//   node validate.mjs compose FILE...      each compose file against the Compose Specification's JSON schema
//                                          (the copy dclint 3.1.0 ships)
// Prints one line per object or file; exits 1 when any is invalid, 2 on bad usage.
import { readFileSync } from "node:fs";
import { parse, parseAllDocuments } from "yaml";
import { Ajv } from "ajv";

const [what, ...files] = process.argv.slice(2);
if (!["kubernetes", "compose"].includes(what) || files.length === 0) {
  console.error("usage: node validate.mjs kubernetes|compose FILE...");
  process.exit(2);
}

let invalid = 0;
const report = (ok, subject, detail) => {
  if (!ok) invalid++;
  console.log(`${ok ? "valid  " : "INVALID"} ${subject}${detail ? `: ${detail}` : ""}`);
};

// kubernetes-models has one module per API group and version ("apps/v1" -> kubernetes-models/apps/v1, the core
// group "v1" -> kubernetes-models/v1) exporting one class per kind; an object of a kind it lacks is invalid.
async function modelOf(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string") return undefined;
  try {
    return (await import(`kubernetes-models/${apiVersion}`))[kind];
  } catch {
    return undefined;
  }
}

async function validateKubernetes(file) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length) { report(false, file, doc.errors[0].message); continue; }
    const object = doc.toJS();
    if (object == null) continue;
    const subject = `${file}: ${object.kind}/${object.metadata?.name} (${object.apiVersion})`;
    const Model = await modelOf(object.apiVersion, object.kind);
    if (!Model) { report(false, subject, "no such kind in Kubernetes 1.36's API"); continue; }
    try {
      new Model(object).validate();
      report(true, subject);
    } catch (e) {
      report(false, subject, e.message);
    }
  }
}

function validateCompose(files) {
  const schemaFile = new URL("./node_modules/dclint/schemas/compose.schema.json", import.meta.url);
  // The schema names draft-07's meta-schema by an address Ajv does not know; the schema itself is not in question.
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  const check = ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")));
  for (const file of files) {
    // merge: compose files share settings with YAML merge keys (<<: *anchor), which compose resolves before checking.
    const ok = check(parse(readFileSync(file, "utf8"), { merge: true }));
    report(ok, file, ok ? "" : check.errors.map(e => `${e.instancePath || "/"} ${e.message}`).join("; "));
  }
}

if (what === "kubernetes") {
  for (const file of files) await validateKubernetes(file);
} else {
  validateCompose(files);
}
process.exit(invalid ? 1 : 0);

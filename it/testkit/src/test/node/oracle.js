// Runs an official vendor npm client against a testkit server and prints what it saw, one JSON object
// per line. Secret values are never printed: only their SHA-256, which the JUnit side compares with
// the hash of the value the server holds.
"use strict";
const crypto = require("crypto");

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`missing environment variable ${name}`);
  return v;
};
const sha256 = (s) => crypto.createHash("sha256").update(String(s), "utf8").digest("hex");
const emit = (o) => process.stdout.write(JSON.stringify(o) + "\n");
const statusOf = (e) => {
  if (e && typeof e.status === "number") return e.status;                 // 1Password: rejected response body
  const m = /\[StatusCode=(\d+)\]/.exec(e && e.message ? e.message : "");  // Infisical SDK error text
  return m ? Number(m[1]) : -1;
};

async function onePassword() {
  const { OnePasswordConnect } = require("@1password/connect");
  const op = OnePasswordConnect({ serverURL: env("OP_CONNECT_HOST"), token: env("OP_CONNECT_TOKEN"), keepAlive: false });
  const vaultId = env("OP_VAULT_ID");

  const vaults = await op.listVaults();
  emit({ step: "listVaults", names: vaults.map((v) => v.name) });

  const byId = await op.getItemById(vaultId, env("OP_ITEM_ID"));
  const pw = byId.fields.find((f) => f.purpose === "PASSWORD");
  emit({ step: "getItemById", id: byId.id, title: byId.title, version: byId.version, label: pw.label, sha256: sha256(pw.value) });

  const byTitle = await op.getItemByTitle(vaultId, env("OP_ITEM_TITLE"));
  emit({ step: "getItemByTitle", id: byTitle.id });

  try {
    await op.getItemById(vaultId, "z".repeat(26));
    emit({ step: "missingItem", status: 200 });
  } catch (e) {
    emit({ step: "missingItem", status: statusOf(e) });
  }
}

async function infisical() {
  const { InfisicalSDK } = require("@infisical/sdk");
  const client = new InfisicalSDK({ siteUrl: env("INFISICAL_SITE_URL") });
  await client.auth().universalAuth.login({ clientId: env("INFISICAL_CLIENT_ID"), clientSecret: env("INFISICAL_CLIENT_SECRET") });
  emit({ step: "login" });

  const query = {
    projectId: env("INFISICAL_PROJECT_ID"),
    environment: env("INFISICAL_ENVIRONMENT"),
    secretPath: env("INFISICAL_SECRET_PATH"),
    secretName: env("INFISICAL_SECRET_NAME"),
  };
  const latest = await client.secrets().getSecret(query);
  emit({ step: "getSecret", key: latest.secretKey, version: latest.version, sha256: sha256(latest.secretValue) });

  const first = await client.secrets().getSecret({ ...query, version: 1 });
  emit({ step: "getSecretVersion1", version: first.version, sha256: sha256(first.secretValue) });

  try {
    await client.secrets().getSecret({ ...query, secretName: "DOES_NOT_EXIST" });
    emit({ step: "missingSecret", status: 200 });
  } catch (e) {
    emit({ step: "missingSecret", status: statusOf(e) });
  }
}

const oracles = { onepassword: onePassword, infisical };
const which = process.argv[2];
if (!oracles[which]) {
  process.stderr.write(`usage: node oracle.js (${Object.keys(oracles).join("|")})\n`);
  process.exit(2);
}
oracles[which]().then(
  () => emit({ step: "done" }),
  (e) => {
    // Print the error kind and status only; messages can echo request data.
    process.stderr.write(`oracle failed: ${e && e.name} status=${statusOf(e)}\n`);
    process.exit(1);
  },
);

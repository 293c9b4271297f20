// A real OpenID Provider (panva's oidc-provider, OpenID Certified) on a loopback port for the
// PKCE test: one confidential client, PKCE (S256) required, every person signs in with any
// password at the development login page, and the ID token carries the national ID number.
// Usage: node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI INSTALLED_DIR
import { createRequire } from "node:module";
import path from "node:path";

const [port, clientId, clientSecret, redirectUri, installed] = process.argv.slice(2);
const require = createRequire(path.join(installed, "package.json"));
const { default: Provider } = await import(require.resolve("oidc-provider"));

const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ["sub"], profile: ["name", "national_id"] },
  conformIdTokenClaims: false,
  cookies: { keys: ["a-cookie-key-for-tests-only"] },
  async findAccount(ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return { sub, name: `SAMPLE person ${sub}`, national_id: "001190000001" };
      },
    };
  },
});
provider.listen(Number(port), "127.0.0.1", () => {
  console.log(`listening ${issuer}`);
});

// A certified OpenID provider (panva's oidc-provider) on 127.0.0.1 for
// fugaku_auth's integration tests, shaped like Fugaku's Keycloak realm:
// issuer http://127.0.0.1:<port>/auth/realms/op, endpoints under
// /protocol/openid-connect/. Login and consent are headless JSON/form routes a
// Python httpx client can drive; devInteractions are off.
//
// Environment (all optional):
//   OP_CLIENT_ID, OP_CLIENT_SECRET, OP_REDIRECT_URIS (comma separated),
//   OP_ACCESS_TTL (seconds), OP_PORT (0 = any free port).
// Test-only admin routes (loopback only):
//   GET  /__test/stats              token grant counters
//   POST /__test/access-ttl?seconds=N  change the access-token lifetime
//   POST /__test/expire-access-token   (form: token) forget one access token
// Prints one JSON line {"issuer": ..., "port": ...} on stdout when ready and
// exits when stdin closes, so a dead test runner never leaves it behind.
import http from 'node:http';
import crypto from 'node:crypto';
import Provider from 'oidc-provider';

const MOUNT = '/auth/realms/op';
const HOST = '127.0.0.1';
const env = process.env;

const state = {
  accessTTL: Number(env.OP_ACCESS_TTL || 300),
  stats: { success: {}, error: {} },
};

function bump(table, key) {
  table[key] = (table[key] || 0) + 1;
}

function signingKey() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: crypto.randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };
}

function clientMetadata() {
  const redirects = (env.OP_REDIRECT_URIS || 'http://127.0.0.1/callback')
    .split(',')
    .map((uri) => uri.trim())
    .filter(Boolean);
  return {
    client_id: env.OP_CLIENT_ID || 'fugaku-test-client',
    client_secret: env.OP_CLIENT_SECRET || 'fugaku-test-secret',
    redirect_uris: redirects,
    // "native" lets loopback redirect URIs use any port (RFC 8252 section 7.3).
    application_type: 'native',
    token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  };
}

function providerConfig() {
  return {
    clients: [clientMetadata()],
    jwks: { keys: [signingKey()] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    routes: {
      authorization: '/protocol/openid-connect/auth',
      token: '/protocol/openid-connect/token',
      jwks: '/protocol/openid-connect/certs',
      userinfo: '/protocol/openid-connect/userinfo',
      revocation: '/protocol/openid-connect/revoke',
      introspection: '/protocol/openid-connect/token/introspect',
      end_session: '/protocol/openid-connect/logout',
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      introspection: { enabled: true },
    },
    pkce: { required: () => true },
    clockTolerance: 0,
    rotateRefreshToken: true,
    ttl: {
      AccessToken: () => state.accessTTL,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 14 * 24 * 3600,
      RefreshToken: 14 * 24 * 3600,
    },
    claims: { openid: ['sub'], profile: ['preferred_username'] },
    interactions: { url: (_ctx, interaction) => `${MOUNT}/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, preferred_username: sub }),
    }),
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString())));
    req.on('error', reject);
  });
}

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function consentResult(provider, details) {
  const { prompt: { details: missing }, params, session, grantId } = details;
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes || {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const saved = await grant.save();
  return grantId ? {} : { consent: { grantId: saved } };
}

async function interaction(provider, req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return sendJson(res, 400, { error: 'interaction mismatch' });
  if (req.method === 'GET' && !action) {
    return sendJson(res, 200, {
      uid, prompt: details.prompt.name, client_id: details.params.client_id, scope: details.params.scope,
    });
  }
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
  const form = await readBody(req);
  let result;
  if (action === 'login') {
    result = { login: { accountId: form.get('username') || 'u10001' } };
  } else if (action === 'consent') {
    result = await consentResult(provider, details);
  } else if (action === 'abort') {
    result = { error: 'access_denied', error_description: 'End-User aborted interaction' };
  } else {
    return sendJson(res, 404, { error: 'unknown action' });
  }
  return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
}

async function admin(provider, req, res, url) {
  if (url.pathname === '/__test/stats') return sendJson(res, 200, state.stats);
  if (url.pathname === '/__test/expire-access-token' && req.method === 'POST') {
    const token = await provider.AccessToken.find((await readBody(req)).get('token'));
    if (token) await token.destroy();
    return sendJson(res, 200, { destroyed: Boolean(token) });
  }
  if (url.pathname === '/__test/access-ttl' && req.method === 'POST') {
    state.accessTTL = Number(url.searchParams.get('seconds'));
    return sendJson(res, 200, { accessTTL: state.accessTTL });
  }
  return sendJson(res, 404, { error: 'not found' });
}

function handler(provider) {
  const callback = provider.callback();
  const interactionPath = new RegExp(`^${MOUNT}/interaction/([^/]+)(?:/([a-z]+))?$`);
  return async (req, res) => {
    const url = new URL(req.url, `http://${HOST}`);
    try {
      if (url.pathname.startsWith('/__test/')) return await admin(provider, req, res, url);
      const match = interactionPath.exec(url.pathname);
      if (match) return await interaction(provider, req, res, match[1], match[2]);
      if (url.pathname === MOUNT || url.pathname.startsWith(`${MOUNT}/`)) {
        // Mount under the issuer path: the provider routes relative to its root
        // and derives its mount path from originalUrl.
        req.originalUrl = req.url;
        req.url = req.url.slice(MOUNT.length) || '/';
        return callback(req, res);
      }
      return sendJson(res, 404, { error: 'not found' });
    } catch (err) {
      return sendJson(res, 500, { error: 'server_error', error_description: String(err.message) });
    }
  };
}

const server = http.createServer();
server.listen(Number(env.OP_PORT || 0), HOST, () => {
  const { port } = server.address();
  const issuer = `http://${HOST}:${port}${MOUNT}`;
  const provider = new Provider(issuer, providerConfig());
  provider.on('grant.success', (ctx) => bump(state.stats.success, ctx.oidc.params.grant_type));
  provider.on('grant.error', (ctx) => bump(state.stats.error, ctx.oidc.params?.grant_type || 'unknown'));
  server.on('request', handler(provider));
  process.stdout.write(`${JSON.stringify({ issuer, port })}\n`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));

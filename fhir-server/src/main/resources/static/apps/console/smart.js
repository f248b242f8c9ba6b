// Signing in as a SMART on FHIR app: authorization code with PKCE (S256, crypto.subtle), public client
// careflow-console, endpoints read from the server's SMART configuration. The token lives in this tab's sessionStorage.

export const FHIR_BASE = `${location.origin}/fhir`;
const CLIENT_ID = 'careflow-console';
const REDIRECT_URI = `${location.origin}/apps/console/`;
const SCOPES = 'openid fhirUser user/*.cruds';
const STORE = 'careflow-console';

function base64url(bytes) {
  let text = '';
  for (const b of new Uint8Array(bytes)) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function configuration() {
  const response = await fetch(`${FHIR_BASE}/.well-known/smart-configuration`, {headers: {Accept: 'application/json'}});
  if (!response.ok) throw new Error(`The SMART configuration could not be read (HTTP ${response.status})`);
  return response.json();
}

/** Sends the browser to the authorization server's sign-in, with a fresh PKCE verifier and state. */
export async function signIn() {
  const smart = await configuration();
  const verifier = randomString();
  const state = randomString();
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(`${STORE}.pending`, JSON.stringify({verifier, state, token: smart.token_endpoint}));
  const query = new URLSearchParams({
    response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, scope: SCOPES, state,
    aud: FHIR_BASE, code_challenge: challenge, code_challenge_method: 'S256',
  });
  location.assign(`${smart.authorization_endpoint}?${query}`);
}

/** On the way back from sign-in: trades the code for a token. Returns the session, or null when there is none. */
export async function session() {
  const query = new URLSearchParams(location.search);
  if (query.has('error')) {
    history.replaceState(null, '', REDIRECT_URI);
    throw new Error(`Sign-in refused: ${query.get('error_description') || query.get('error')}`);
  }
  if (query.has('code')) {
    const pending = JSON.parse(sessionStorage.getItem(`${STORE}.pending`) || 'null');
    sessionStorage.removeItem(`${STORE}.pending`);
    history.replaceState(null, '', REDIRECT_URI + location.hash);
    if (!pending || pending.state !== query.get('state')) throw new Error('Sign-in answer for another attempt: sign in again');
    const response = await fetch(pending.token, {
      method: 'POST',
      headers: {'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json'},
      body: new URLSearchParams({
        grant_type: 'authorization_code', code: query.get('code'), redirect_uri: REDIRECT_URI,
        client_id: CLIENT_ID, code_verifier: pending.verifier,
      }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(`Sign-in failed: ${body.error_description || body.error || response.status}`);
    const claims = JSON.parse(atob(body.access_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    const stored = {token: body.access_token, fhirUser: claims.fhirUser || '', expires: claims.exp * 1000};
    sessionStorage.setItem(STORE, JSON.stringify(stored));
  }
  const stored = JSON.parse(sessionStorage.getItem(STORE) || 'null');
  return stored && stored.expires > Date.now() ? stored : null;
}

export function signOut() {
  sessionStorage.removeItem(STORE);
}

// A SMART app launched standalone against Careflow, the way a real one is: the fhirclient library (Node adapter)
// serves the app's launch and callback pages on a loopback port, and a small user agent plays the person at the
// browser (it follows redirects, keeps cookies, signs in on the sign-in page, for a practitioner picks the patient on
// the picker, and approves the app's scopes on the consent page). Prints one JSON line with what the app saw; exits non-zero on any failure.
//
// node launch.mjs <fhirBase> <clientId> <username> <password> <patientToPick|-> <forbiddenReference>
import http from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const smart = require("fhirclient");

const [fhirBase, clientId, username, password, patientToPick, forbidden] = process.argv.slice(2);
if (!forbidden) {
    console.error("usage: node launch.mjs <fhirBase> <clientId> <username> <password> <patientToPick|-> <forbiddenReference>");
    process.exit(2);
}

// The app's session store (a real app would keep it in its session).
const saved = new Map();
const storage = {
    get: async (key) => saved.get(key),
    set: async (key, value) => (saved.set(key, value), value),
    unset: async (key) => saved.delete(key),
};

let finish;
const launched = new Promise((resolve, reject) => (finish = { resolve, reject }));

const app = http.createServer(async (req, res) => {
    const path = new URL(req.url, "http://127.0.0.1").pathname;
    try {
        if (path === "/launch") {
            await smart(req, res, storage).authorize({
                iss: fhirBase,
                clientId,
                scope: "openid fhirUser launch/patient patient/*.rs",
                redirectUri: `http://127.0.0.1:${app.address().port}/callback`,
                pkceMode: "required",
            });
        } else if (path === "/callback") {
            const client = await smart(req, res, storage).ready();
            const patient = await client.patient.read();
            const plans = await client.patient.request("CarePlan", { flat: true, pageLimit: 0 });
            let forbiddenStatus = 200;
            try {
                await client.request(forbidden);
            } catch (e) {
                forbiddenStatus = e.status ?? e.statusCode ?? -1;
            }
            res.writeHead(200, { "content-type": "text/plain" });
            res.end("launched");
            finish.resolve({
                patient: client.getPatientId(),
                patientName: patient.name?.[0]?.family ?? null,
                fhirUser: client.getFhirUser() ?? null,
                scope: client.state.tokenResponse.scope,
                carePlans: plans.map((p) => `CarePlan/${p.id}`),
                forbiddenStatus,
            });
        } else {
            res.writeHead(404).end();
        }
    } catch (e) {
        res.writeHead(500).end(String(e));
        finish.reject(e);
    }
});

// The person at the browser: cookies per host, redirects followed by hand.
const cookies = new Map();
async function browse(url, form) {
    for (let hops = 0; hops < 20; hops++) {
        const target = new URL(url);
        const jar = cookies.get(target.host) ?? new Map();
        const response = await fetch(target, {
            method: form ? "POST" : "GET",
            redirect: "manual",
            headers: {
                accept: "text/html",
                cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
                ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
            },
            body: form ? new URLSearchParams(form).toString() : undefined,
        });
        const setCookies = typeof response.headers.getSetCookie === "function"
            ? response.headers.getSetCookie()
            : (response.headers.get("set-cookie") ?? "").split(/,(?=\s*[^;,=\s]+=)/).filter(Boolean);
        for (const line of setCookies) {
            const [pair] = line.split(";");
            const at = pair.indexOf("=");
            jar.set(pair.slice(0, at), pair.slice(at + 1));
        }
        cookies.set(target.host, jar);
        const location = response.headers.get("location");
        if (response.status >= 300 && response.status < 400 && location) {
            url = new URL(location, target).toString();
            form = undefined;
            continue;
        }
        return { url, status: response.status, body: await response.text() };
    }
    throw new Error("too many redirects");
}

function field(page, name) {
    const match = new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(page.body);
    if (!match) throw new Error(`no ${name} on ${page.url}: ${page.body.slice(0, 300)}`);
    return match[1].replaceAll("&amp;", "&").replaceAll("&quot;", '"').replaceAll("&#39;", "'");
}

try {
    await new Promise((resolve) => app.listen(0, "127.0.0.1", resolve));
    let page = await browse(`http://127.0.0.1:${app.address().port}/launch`);
    if (!page.url.includes("/login")) throw new Error(`expected the sign-in page, got ${page.url}`);
    page = await browse(new URL("/login", page.url).toString(), {
        username,
        password,
        _csrf: field(page, "_csrf"),
    });
    if (page.url.includes("/launch/patient")) {
        if (patientToPick === "-") throw new Error("a patient picker was shown to a patient");
        if (!page.body.includes(`value="${patientToPick}"`)) {
            // A server with many patients lists the first ones: search the picker by name, as a person would
            // (the test patients are named after their id: launch-ben is "ben").
            const search = new URL("/launch/patient", page.url);
            search.searchParams.set("continue", field(page, "continue"));
            search.searchParams.set("name", patientToPick.replace(/^launch-/, ""));
            page = await browse(search.toString());
        }
        if (!page.body.includes(`value="${patientToPick}"`)) throw new Error(`${patientToPick} is not offered on the picker`);
        page = await browse(new URL("/launch/patient", page.url).toString(), {
            patient: patientToPick,
            continue: field(page, "continue"),
            _csrf: field(page, "_csrf"),
        });
    }
    if (page.body.includes('name="consent_form"')) {
        // The consent page: the person approves every scope the app is offered.
        const approve = [["client_id", field(page, "client_id")], ["state", field(page, "state")]];
        for (const match of page.body.matchAll(/name="scope" value="([^"]+)"/g)) approve.push(["scope", match[1]]);
        page = await browse(new URL("/oauth2/authorize", page.url).toString(), approve);
    }
    if (page.body !== "launched") throw new Error(`the launch did not reach the app: ${page.status} ${page.url} ${page.body.slice(0, 300)}`);
    console.log(JSON.stringify(await launched));
    app.close();
} catch (e) {
    console.error(e?.stack ?? String(e));
    app.close();
    process.exit(1);
}

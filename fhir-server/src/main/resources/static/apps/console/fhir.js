// The FHIR API with the signed-in person's token. A refusal becomes an Error whose message is the OperationOutcome's
// text (its issues' diagnostics or details), as the server wrote it.

import {FHIR_BASE} from './smart.js';

export class Fhir {
  constructor(token) {
    this.token = token;
  }

  async request(method, path, body, headers = {}) {
    const response = await fetch(/^https?:/.test(path) ? path : `${FHIR_BASE}/${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        Accept: 'application/fhir+json',
        ...(body ? {'Content-Type': 'application/fhir+json'} : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error(outcomeText(json) || `${method} ${path}: HTTP ${response.status}`);
    return json;
  }

  read(reference) {
    return this.request('GET', reference);
  }

  /** Every resource of a search (follows the next links). */
  async search(type, query) {
    let bundle = await this.request('GET', `${type}?${new URLSearchParams(query)}`);
    const found = [];
    for (;;) {
      for (const entry of bundle.entry || []) {
        if (!entry.search || entry.search.mode !== 'include') found.push(entry.resource);
      }
      const next = (bundle.link || []).find((l) => l.relation === 'next');
      if (!next) return found;
      bundle = await this.request('GET', next.url);
    }
  }

  /** An update that fails when someone else changed the resource since it was read. */
  update(resource) {
    const headers = resource.meta && resource.meta.versionId ? {'If-Match': `W/"${resource.meta.versionId}"`} : {};
    return this.request('PUT', `${resource.resourceType}/${resource.id}`, resource, headers);
  }

  create(resource) {
    return this.request('POST', resource.resourceType, resource);
  }

  operation(method, path, parameters) {
    return this.request(method, path, parameters);
  }
}

/** The text of an OperationOutcome: each issue's diagnostics (else its details' text), joined. */
export function outcomeText(outcome) {
  if (!outcome || outcome.resourceType !== 'OperationOutcome') return '';
  return (outcome.issue || [])
    .map((issue) => issue.diagnostics || (issue.details && issue.details.text) || issue.code)
    .filter(Boolean)
    .join('; ');
}

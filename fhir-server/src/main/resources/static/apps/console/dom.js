// Building the page from data, never from HTML strings: text is always text.

/** An element: h('button', {type: 'button', onclick: f}, 'Complete'). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'text') element.textContent = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Shows an error (the OperationOutcome's text when the server sent one) in the alert region. */
export function showError(error) {
  const region = document.getElementById('error');
  region.replaceChildren(h('p', {class: 'error'}, error && error.message ? error.message : String(error)));
}

/** Announces what just happened in the status region, and clears the last error. */
export function showNotice(text) {
  document.getElementById('error').replaceChildren();
  document.getElementById('status').replaceChildren(h('p', {class: 'notice'}, text));
}

export function clearMessages() {
  document.getElementById('error').replaceChildren();
  document.getElementById('status').replaceChildren();
}

/** A CodeableConcept as text: its text, else its first coding's display or code. */
export function conceptText(concept) {
  if (!concept) return '';
  if (concept.text) return concept.text;
  const coding = (concept.coding || [])[0];
  return coding ? coding.display || coding.code || '' : '';
}

/** A HumanName list as "Given Family". */
export function nameOf(resource) {
  const name = ((resource && resource.name) || [])[0];
  if (!name) return resource && resource.id ? `${resource.resourceType}/${resource.id}` : '(no name)';
  return name.text || [...(name.given || []), name.family].filter(Boolean).join(' ');
}

/** A FHIR date or dateTime as the date part (YYYY-MM-DD), readable in every locale. */
export function dateOf(value) {
  return value ? String(value).substring(0, 10) : '';
}

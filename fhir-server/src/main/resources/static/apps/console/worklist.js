// The worklist of the signed-in practitioner ($worklist): most urgent first, as the server orders it, each item with
// why it is there (its category, in words), its due date and its patient.

import {h, conceptText, nameOf, dateOf} from './dom.js';

const CATEGORY = 'https://careflow.dev/fhir/StructureDefinition/worklist-category';

/** Due date of a worklist item: a Task's restriction period end, else its own date if it has one. */
function dueOf(resource) {
  if (resource.resourceType === 'Task') return dateOf(resource.restriction && resource.restriction.period
    && resource.restriction.period.end);
  return dateOf(resource.occurrenceDateTime || (resource.period && resource.period.end) || resource.authored || '');
}

function whatOf(resource) {
  return conceptText(resource.code) || resource.description || resource.resourceType;
}

function patientOf(resource) {
  const reference = (resource.for || resource.subject || resource.patient || {}).reference || '';
  return reference.startsWith('Patient/') ? reference : '';
}

export async function worklistView(fhir, practitioner) {
  const id = practitioner.substring('Practitioner/'.length);
  const bundle = await fhir.request('GET', `Practitioner/${encodeURIComponent(id)}/$worklist?_count=100`);
  const patients = new Map();
  const items = [];
  for (const entry of bundle.entry || []) {
    if (entry.search && entry.search.mode === 'include') patients.set(`Patient/${entry.resource.id}`, entry.resource);
    else items.push(entry);
  }
  const view = [h('h2', {}, 'Worklist')];
  view.push(h('p', {class: 'muted'}, `${bundle.total ?? items.length} item(s), most urgent first.`));
  if (items.length === 0) {
    view.push(h('p', {}, 'Nothing on your worklist. Patients come onto it through the CareTeams you are a member of.'));
    return view;
  }
  const rows = items.map((entry) => {
    const resource = entry.resource;
    const category = ((entry.extension || []).find((e) => e.url === CATEGORY) || {}).valueCoding || {};
    const patient = patientOf(resource);
    const patientName = patient ? nameOf(patients.get(patient) || {resourceType: 'Patient', id: patient.substring(8)}) : '';
    return h('tr', {'data-resource': `${resource.resourceType}/${resource.id}`},
      h('td', {}, h('span', {class: category.code === 'overdue' || category.code === 'safety-alert' ? 'tag overdue' : 'tag'},
        category.display || category.code || '')),
      h('td', {}, dueOf(resource)),
      h('td', {}, patient ? h('a', {href: `#/${patient}`}, patientName) : ''),
      h('td', {}, whatOf(resource), h('span', {class: 'muted'}, ` (${resource.resourceType})`)),
      h('td', {}, resource.priority || ''),
      h('td', {}, resource.status || ''));
  });
  view.push(h('table', {id: 'worklist'},
    h('caption', {class: 'visually-hidden'}, 'Worklist items, most urgent first'),
    h('thead', {}, h('tr', {}, ['Why', 'Due', 'Patient', 'What', 'Priority', 'Status']
      .map((title) => h('th', {scope: 'col'}, title)))),
    h('tbody', {}, rows)));
  return view;
}

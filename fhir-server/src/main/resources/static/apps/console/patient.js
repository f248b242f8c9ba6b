// One patient: problems and health concerns, care plans with goals and progress, TCM deadlines, open referrals and
// open Tasks with the everyday actions (actions.js).

import {h, conceptText, nameOf, dateOf} from './dom.js';
import {taskActions, acceptPlanButton} from './actions.js';

const OPEN_TASK = 'requested,received,accepted,ready,in-progress,on-hold';

function table(id, caption, headings, rows) {
  if (rows.length === 0) return h('p', {id, class: 'muted'}, `None: ${caption.toLowerCase()}.`);
  return h('table', {id},
    h('caption', {class: 'visually-hidden'}, caption),
    h('thead', {}, h('tr', {}, headings.map((title) => h('th', {scope: 'col'}, title)))),
    h('tbody', {}, rows));
}

function part(parameter, name) {
  return (parameter.part || []).find((p) => p.name === name) || {};
}

function valueText(p) {
  const key = Object.keys(p).find((k) => k.startsWith('value'));
  if (!key) return p.valueReference ? p.valueReference.reference : '';
  const value = p[key];
  if (key === 'valueQuantity') return `${value.value ?? ''} ${value.unit || value.code || ''}`.trim();
  if (key === 'valueCodeableConcept') return conceptText(value);
  if (key === 'valueReference') return value.display || value.reference;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

async function conditions(fhir, patient) {
  const found = await fhir.search('Condition', {patient, _count: 100});
  const rows = found.map((c) => h('tr', {},
    h('td', {}, conceptText(c.code)),
    h('td', {}, (c.category || []).map(conceptText).join(', ')),
    h('td', {}, conceptText(c.clinicalStatus)),
    h('td', {}, dateOf(c.onsetDateTime || c.recordedDate))));
  return [h('h3', {}, 'Problems and health concerns'),
    table('conditions', 'Problems and health concerns', ['Condition', 'Category', 'Clinical status', 'Since'], rows)];
}

async function progress(fhir, plan) {
  try {
    const result = await fhir.operation('POST', `CarePlan/${plan.id}/$progress`, {resourceType: 'Parameters'});
    return (result.parameter || []).filter((p) => p.name === 'goal').map((goal) => h('li', {},
      `${conceptText(part(goal, 'measure').valueCodeableConcept) || valueText(part(goal, 'goal'))}: latest `,
      valueText(part(goal, 'value')) || 'none',
      `; target ${part(goal, 'targetMet').valueBoolean ? 'met' : 'not met'}`,
      part(goal, 'trend').valueCode ? `; ${part(goal, 'trend').valueCode}` : ''));
  } catch (error) {
    return [h('li', {class: 'error'}, error.message)];
  }
}

async function carePlans(fhir, patient, refresh) {
  const plans = await fhir.search('CarePlan', {patient, status: 'draft,active,on-hold', _count: 50});
  const blocks = [];
  for (const plan of plans) {
    const goals = await Promise.all((plan.goal || []).map((g) => fhir.read(g.reference).catch(() => null)));
    blocks.push(h('article', {'data-careplan': plan.id},
      h('h4', {}, plan.title || conceptText((plan.category || [])[0]) || `CarePlan ${plan.id}`, ` — ${plan.status}`),
      plan.status === 'draft' ? h('p', {}, 'Proposed plan, not yet accepted. ', acceptPlanButton(fhir, plan, refresh)) : '',
      h('h5', {}, 'Goals'),
      h('ul', {}, goals.filter(Boolean).map((g) => h('li', {},
        conceptText(g.description), ` (${g.lifecycleStatus}`,
        g.achievementStatus ? `, ${conceptText(g.achievementStatus)})` : ')'))),
      plan.status === 'active' ? [h('h5', {}, 'Progress'), h('ul', {}, await progress(fhir, plan))] : ''));
  }
  return [h('h3', {}, 'Care plans'), blocks.length ? blocks : h('p', {class: 'muted'}, 'No care plan.')];
}

async function tcm(fhir, patientId) {
  const result = await fhir.request('GET', `Patient/${patientId}/$tcm-status`);
  const rows = [];
  for (const episode of (result.parameter || []).filter((p) => p.name === 'episode')) {
    for (const deadline of (episode.part || []).filter((p) => p.name === 'deadline')) {
      const state = part(deadline, 'state').valueCode;
      rows.push(h('tr', {},
        h('td', {}, dateOf(part(episode, 'dischargeDate').valueDate)),
        h('td', {}, part(deadline, 'code').valueCode),
        h('td', {}, part(deadline, 'due').valueDate),
        h('td', {}, h('span', {class: state === 'overdue' ? 'overdue' : ''}, state))));
    }
  }
  return [h('h3', {}, 'Transitional care deadlines'),
    table('tcm', 'Transitional care deadlines', ['Discharged', 'Deadline', 'Due', 'State'], rows)];
}

async function referrals(fhir, patient) {
  const found = await fhir.search('ServiceRequest', {patient, status: 'draft,active,on-hold', _count: 100});
  const rows = found.map((r) => h('tr', {},
    h('td', {}, conceptText(r.code)),
    h('td', {}, (r.performer || []).map((p) => p.display || p.reference).join(', ')),
    h('td', {}, r.status),
    h('td', {}, dateOf(r.authoredOn))));
  return [h('h3', {}, 'Open referrals and orders'),
    table('referrals', 'Open referrals and orders', ['What', 'To', 'Status', 'Ordered'], rows)];
}

async function tasks(fhir, patient, session, refresh) {
  const found = await fhir.search('Task', {patient, status: OPEN_TASK, _count: 100});
  const rows = found.map((task) => h('tr', {'data-task': task.id},
    h('td', {}, conceptText(task.code) || task.description || `Task ${task.id}`),
    h('td', {}, dateOf(task.restriction && task.restriction.period && task.restriction.period.end)),
    h('td', {}, task.priority || ''),
    h('td', {}, task.status, task.businessStatus ? ` (${conceptText(task.businessStatus)})` : ''),
    h('td', {}, taskActions(fhir, task, session, refresh))));
  return [h('h3', {}, 'Open tasks'), table('tasks', 'Open tasks', ['Task', 'Due', 'Priority', 'Status', 'Actions'], rows)];
}

/** A section that shows its own error instead of failing the whole page. */
async function section(label, load) {
  try {
    return h('section', {'aria-label': label}, await load());
  } catch (error) {
    return h('section', {'aria-label': label}, h('h3', {}, label), h('p', {class: 'error'}, error.message));
  }
}

export async function patientView(fhir, patientId, session, refresh) {
  const patient = await fhir.read(`Patient/${patientId}`);
  const reference = `Patient/${patientId}`;
  return [
    h('h2', {id: 'patient-name'}, nameOf(patient)),
    h('p', {class: 'muted'}, [patient.gender, patient.birthDate && `born ${patient.birthDate}`].filter(Boolean).join(', ')),
    await section('Open tasks', () => tasks(fhir, reference, session, refresh)),
    await section('Problems and health concerns', () => conditions(fhir, reference)),
    await section('Care plans', () => carePlans(fhir, reference, refresh)),
    await section('Transitional care deadlines', () => tcm(fhir, patientId)),
    await section('Open referrals and orders', () => referrals(fhir, reference)),
  ];
}

// The everyday actions: complete a Task, record an outreach attempt (a Communication part of the Task: reached, or
// not reached with a reason; the server moves the Task on), accept a proposed (draft) care plan (the server activates
// what it proposed). Each reports the server's OperationOutcome text when refused.

import {h, showError, showNotice, conceptText} from './dom.js';

const PHONE = {system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode', code: 'PHONE', display: 'telephone'};

/** Runs an action from a button: disabled while it runs, then the view refreshed and the result announced. */
function act(button, work, done, refresh) {
  return async (event) => {
    if (event) event.preventDefault();
    button.disabled = true;
    try {
      await work();
      await refresh();
      showNotice(done);
    } catch (error) {
      showError(error);
      button.disabled = false;
    }
  };
}

async function complete(fhir, taskId) {
  const task = await fhir.read(`Task/${taskId}`);
  const now = new Date().toISOString();
  task.status = 'completed';
  task.executionPeriod = {...(task.executionPeriod || {}), start: (task.executionPeriod || {}).start || now, end: now};
  task.lastModified = now;
  return fhir.update(task);
}

function attempt(task, session, reached, reason) {
  const communication = {
    resourceType: 'Communication',
    status: reached ? 'completed' : 'not-done',
    partOf: [{reference: `Task/${task.id}`}],
    subject: task.for,
    medium: [{coding: [PHONE]}],
    sent: new Date().toISOString(),
  };
  if (session.fhirUser) communication.sender = {reference: session.fhirUser};
  if (!reached) communication.statusReason = {text: reason || 'Not reached'};
  return communication;
}

function outreachForm(fhir, task, session, refresh) {
  const name = `outcome-${task.id}`;
  const reasonId = `reason-${task.id}`;
  const reached = h('input', {type: 'radio', name, id: `${name}-reached`, value: 'reached', checked: true});
  const missed = h('input', {type: 'radio', name, id: `${name}-missed`, value: 'not-reached'});
  const reason = h('input', {type: 'text', id: reasonId, placeholder: 'e.g. no answer, voicemail left'});
  const submit = h('button', {type: 'submit'}, 'Record attempt');
  const form = h('form', {'aria-label': `Outreach attempt for task ${conceptText(task.code) || task.id}`},
    h('fieldset', {}, h('legend', {}, 'Outreach attempt (telephone)'),
      reached, h('label', {for: `${name}-reached`}, 'Reached the patient'),
      missed, h('label', {for: `${name}-missed`}, 'Not reached'),
      h('label', {for: reasonId}, 'Reason if not reached'), reason, submit));
  form.addEventListener('submit', act(submit,
    () => fhir.create(attempt(task, session, reached.checked, reason.value.trim())),
    'Outreach attempt recorded.', refresh));
  return form;
}

export function taskActions(fhir, task, session, refresh) {
  const label = conceptText(task.code) || `task ${task.id}`;
  const button = h('button', {type: 'button', class: 'primary', 'data-action': 'complete',
    'aria-label': `Complete ${label}`}, 'Complete');
  button.addEventListener('click', act(button, () => complete(fhir, task.id), `Task "${label}" completed.`, refresh));
  return [button, outreachForm(fhir, task, session, refresh)];
}

export function acceptPlanButton(fhir, plan, refresh) {
  const button = h('button', {type: 'button', class: 'primary', 'data-action': 'accept-plan'}, 'Accept plan');
  button.addEventListener('click', act(button, async () => {
    const current = await fhir.read(`CarePlan/${plan.id}`);
    current.status = 'active';
    return fhir.update(current);
  }, 'Care plan accepted: its goals, referrals and tasks are active.', refresh));
  return button;
}

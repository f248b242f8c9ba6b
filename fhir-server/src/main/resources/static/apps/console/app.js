// The care-manager console: signs in (smart.js), then shows the worklist (#/) or a patient (#/Patient/id).

import {h, showError, clearMessages} from './dom.js';
import {session as currentSession, signIn, signOut} from './smart.js';
import {Fhir} from './fhir.js';
import {worklistView} from './worklist.js';
import {patientView} from './patient.js';

const view = document.getElementById('view');

function signInView(reason) {
  const button = h('button', {type: 'button', class: 'primary', id: 'sign-in'}, 'Sign in');
  button.addEventListener('click', () => signIn().catch(showError));
  return [h('h2', {}, 'Sign in'),
    h('p', {}, reason || 'Sign in with your Careflow account (a staff user) to see your worklist and your patients.'),
    button];
}

async function render(session) {
  const fhir = new Fhir(session.token);
  const route = location.hash.replace(/^#\/?/, '');
  const refresh = () => render(session);
  try {
    if (route.startsWith('Patient/')) {
      view.replaceChildren(...await patientView(fhir, decodeURIComponent(route.substring(8)), session, refresh));
    } else if (session.fhirUser.startsWith('Practitioner/')) {
      view.replaceChildren(...await worklistView(fhir, session.fhirUser));
    } else {
      view.replaceChildren(h('p', {class: 'error'},
        `The worklist is a practitioner's; you are signed in as ${session.fhirUser || 'no FHIR user'}.`));
    }
    const heading = view.querySelector('h2');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  } catch (error) {
    showError(error);
  }
}

async function start() {
  let session;
  try {
    session = await currentSession();
  } catch (error) {
    view.replaceChildren(...signInView());
    showError(error);
    return;
  }
  if (!session) {
    view.replaceChildren(...signInView());
    return;
  }
  document.getElementById('who').textContent = `Signed in as ${session.fhirUser || 'a user without a FHIR record'}`;
  const out = document.getElementById('sign-out');
  out.hidden = false;
  out.addEventListener('click', () => {
    signOut();
    location.assign('/apps/console/');
  });
  window.addEventListener('hashchange', () => {
    clearMessages();
    render(session);
  });
  await render(session);
}

start();

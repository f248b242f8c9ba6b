package dev.careflow.security;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;

/**
 * The patient picker of a standalone launch by a practitioner: a page listing patients (with a name search) whose
 * choice sends the browser back to the authorization endpoint with a one-time handle of the chosen patient (see
 * {@link LaunchPatientFilter}). Only for someone signed in to the embedded authorization server.
 */
final class PatientPickerServlet extends HttpServlet {

    static final String PATH = "/launch/patient";
    static final String CONTINUE = "continue";
    private static final int SHOWN = 50;

    private final transient IRepository repository;
    private final String authorizationEndpoint;

    PatientPickerServlet(IRepository repository, String authorizationEndpoint) {
        this.repository = repository;
        this.authorizationEndpoint = authorizationEndpoint;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String resume = parameter(request, CONTINUE);
        String name = parameter(request, "name");
        Query search = (name.isBlank() ? Query.all() : Query.where(Patient.SP_NAME, Query.string(name))).count(SHOWN);
        List<Patient> patients = Stored.search(repository, Patient.class, search);
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());

        response.setContentType("text/html;charset=UTF-8");
        PrintWriter page = response.getWriter();
        page.println("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Choose a patient</title>"
                + "<link rel=\"stylesheet\" href=\"/default-ui.css\"></head><body><div class=\"content\">");
        page.println("<h2>Choose the patient for this app</h2>");
        page.println("<form method=\"get\" action=\"" + PATH + "\"><input type=\"hidden\" name=\"" + CONTINUE
                + "\" value=\"" + html(resume) + "\"><input name=\"name\" placeholder=\"Name\" value=\"" + html(name)
                + "\"> <button type=\"submit\">Search</button></form>");
        if (patients.isEmpty()) {
            page.println("<p>No patient found.</p>");
        }
        page.println("<form method=\"post\" action=\"" + PATH + "\">");
        page.println("<input type=\"hidden\" name=\"" + CONTINUE + "\" value=\"" + html(resume) + "\">");
        if (csrf != null) {
            page.println("<input type=\"hidden\" name=\"" + csrf.getParameterName() + "\" value=\""
                    + html(csrf.getToken()) + "\">");
        }
        page.println("<ul>");
        for (Patient patient : patients) {
            String id = patient.getIdElement().getIdPart();
            page.println("<li><label><input type=\"radio\" name=\"patient\" value=\"" + html(id) + "\"> "
                    + html(display(patient)) + "</label></li>");
        }
        page.println("</ul><button type=\"submit\">Launch with this patient</button></form></div></body></html>");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String patient = parameter(request, "patient");
        String resume = parameter(request, CONTINUE);
        if (patient.isBlank()
                || Stored.find(repository, Patient.class, "Patient/" + patient).isEmpty()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Choose a patient that exists");
            return;
        }
        String handle = LaunchPatientFilter.rememberChoice(request.getSession(), patient);
        response.sendRedirect(request.getContextPath() + authorizationEndpoint + "?" + resume
                + (resume.isEmpty() ? "" : "&") + LaunchPatientFilter.PICKED + "=" + handle);
    }

    private static String display(Patient patient) {
        String name = patient.getName().stream()
                .map(HumanName::getNameAsSingleString)
                .filter(n -> !n.isBlank())
                .findFirst()
                .orElse("(no name)");
        String details = List.of(
                        patient.hasBirthDate()
                                ? "born " + patient.getBirthDateElement().getValueAsString()
                                : "",
                        "id " + patient.getIdElement().getIdPart())
                .stream()
                .filter(s -> !s.isEmpty())
                .collect(Collectors.joining(", "));
        return name + " (" + details + ")";
    }

    private static String parameter(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        return value == null ? "" : value;
    }

    private static String html(String text) {
        return HtmlUtils.htmlEscape(text);
    }
}
